"""Forms of decisions: creating one, and the ballot for each method (no JavaScript: ranked
ballots are one select per rank). The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intercoop.governance.forms.meetings import DateInput, DateTimeInput
from intercoop.governance.forms.proposals import MARKDOWN_HELP
from intercoop.governance.models import Decision, Option

BLANK = "blank"  # the value of the blank-ballot choice


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            "{} {}", _("What members are asked, as they will read it."), MARKDOWN_HELP
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    method = forms.ChoiceField(label=_("Voting method"), choices=Decision.Method.choices)
    options = forms.CharField(
        label=_("Options or candidates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line. Not needed for yes/no and consent, whose options are fixed."),
    )
    threshold = forms.ChoiceField(
        label=_("Threshold (yes/no)"),
        choices=Decision.Threshold.choices,
        initial=Decision.Threshold.MAJORITY,
    )
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, max_value=49, initial=1)
    max_score = forms.IntegerField(
        label=_("Highest score (score voting)"), min_value=1, max_value=100, initial=5
    )
    secrecy = forms.ChoiceField(
        label=_("Ballot"),
        choices=Decision.Secrecy.choices,
        initial=Decision.Secrecy.PUBLIC,
        help_text=_(
            "A verifiable ballot is for yes/no, single choice and approval votes outside a "
            "meeting. It needs trustees, chosen on its election page, and its title, question "
            "and encrypted ballots are published on a public bulletin board."
        ),
    )
    allow_revote = forms.BooleanField(
        label=_("Members may change their vote until the close"), required=False, initial=True
    )
    record_date = forms.DateField(
        label=_("Record date"),
        widget=DateInput(),
        help_text=_(
            "Members eligible on this date make the roll (a meeting's resolutions use "
            "the meeting's record date)."
        ),
    )
    opens_at = forms.DateTimeField(label=_("Opens"), required=False, widget=DateTimeInput())
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("No ballot is accepted after this time."),
    )

    def clean_options(self) -> list[str]:
        text = self.cleaned_data.get("options") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class BallotForm(forms.Form):
    """One member's ballot. ``choices()`` gives it in the form ``ballot_cast`` takes."""

    receipt_code = forms.CharField(
        label=_("Receipt code"),
        required=False,
        max_length=64,
        help_text=_("To change a secret vote, give the code you were shown when you voted."),
    )

    def __init__(
        self,
        *args: Any,
        decision: Decision,
        options: list[Option],
        member_id: int,
        voted: bool = True,
        **kw: Any,
    ) -> None:
        kw.setdefault("prefix", f"m{member_id}")
        super().__init__(*args, **kw)
        self.member_id = member_id
        self.decision = decision
        self.options = options
        labels = [(str(o.pk), o.label) for o in options]
        method = decision.method
        secret_revote = decision.secrecy == Decision.Secrecy.SECRET and decision.allow_revote
        if not (secret_revote and voted):
            del self.fields["receipt_code"]
        if method in (Decision.Method.SINGLE, Decision.Method.YES_NO, Decision.Method.CONSENT):
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your choice"),
                # Nothing is chosen in advance: a blank ballot is a choice the voter makes.
                choices=[*labels, (BLANK, _("Blank ballot"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an option, or a blank ballot.")},
            )
        elif method == Decision.Method.APPROVAL:
            self.fields["choice"] = forms.MultipleChoiceField(
                label=_("Every option you approve of"),
                choices=labels,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=_("Approving none is a blank ballot."),
            )
        elif method == Decision.Method.SCORE:
            for option in options:
                self.fields[f"score_{option.pk}"] = forms.IntegerField(
                    label=option.label,
                    required=False,
                    min_value=0,
                    max_value=decision.max_score,
                    help_text=_("From 0 to %(max)s; leave empty to give no score.")
                    % {"max": decision.max_score},
                )
        else:
            for rank in range(1, len(options) + 1):
                self.fields[f"rank_{rank}"] = forms.ChoiceField(
                    label=ordinal(rank),
                    choices=[("", "—"), *labels],
                    required=False,
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.decision.ranked:
            seen: dict[str, int] = {}
            gap = None
            for rank in range(1, len(self.options) + 1):
                value = data.get(f"rank_{rank}") or ""
                if not value:
                    gap = gap or rank
                    continue
                if gap is not None:
                    self.add_error(
                        f"rank_{rank}",
                        _(
                            "Choice %(rank)s is given but choice %(gap)s is empty: fill the "
                            "ranks in order."
                        )
                        % {"rank": rank, "gap": gap},
                    )
                if value in seen:
                    self.add_error(
                        f"rank_{rank}",
                        _("This option is already ranked %(rank)s.")
                        % {"rank": ordinal(seen[value])},
                    )
                seen.setdefault(value, rank)
        return data

    def choices(self) -> Any:
        data = self.cleaned_data
        if self.decision.method == Decision.Method.SCORE:
            return {
                o.pk: data[f"score_{o.pk}"]
                for o in self.options
                if data.get(f"score_{o.pk}") is not None
            }
        if self.decision.ranked:
            ranks = (data.get(f"rank_{r}") for r in range(1, len(self.options) + 1))
            return [int(v) for v in ranks if v]
        value = data.get("choice")
        if isinstance(value, list):
            return [int(v) for v in value]
        return [int(value)] if value and value != BLANK else []


def ordinal(rank: int) -> str:
    return gettext("Choice %(rank)s") % {"rank": rank}
