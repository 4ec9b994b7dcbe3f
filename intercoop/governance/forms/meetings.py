"""Forms of general meetings; the services check everything again."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from intercoop.governance.models import Attendance, Meeting, Member


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeetingForm(forms.ModelForm):
    remote_link = forms.URLField(
        label=_("Link to join remotely"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "language",
            "starts_at",
            "place",
            "remote_link",
            "record_date",
            "chair",
            "secretary",
        ]
        widgets = {"starts_at": DateTimeInput(), "record_date": DateInput()}
        help_texts = {
            "language": _("The language of the convocation and the minutes."),
            "record_date": _("Members eligible on this date may vote at the meeting."),
            "place": _("Leave empty for a meeting held only remotely."),
        }


class SessionForm(forms.ModelForm):
    """What may change once the meeting is convened."""

    class Meta:
        model = Meeting
        fields = ["chair", "secretary", "notes"]


class _MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} {obj.name}"


class ProxyForm(forms.Form):
    grantor = _MemberChoice(label=_("Member giving their proxy"), queryset=Member.objects.none())
    holder = _MemberChoice(label=_("Member holding the proxy"), queryset=Member.objects.none())

    def __init__(self, *args: Any, members: Any, own: Member | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grantor = cast(forms.ModelChoiceField, self.fields["grantor"])
        holder = cast(forms.ModelChoiceField, self.fields["holder"])
        holder.queryset = members
        if own is None:
            grantor.queryset = members
        else:
            # A member gives their own proxy only.
            grantor.queryset = members.filter(pk=own.pk)
            grantor.initial = own.pk
            holder.queryset = members.exclude(pk=own.pk)


class AttendanceForm(forms.Form):
    member = _MemberChoice(label=_("Member"), queryset=Member.objects.none())
    mode = forms.ChoiceField(label=_("Attendance"), choices=Attendance.Mode.choices)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = cast(forms.ModelChoiceField, self.fields["member"])
        member.queryset = members


class SecondCallForm(forms.Form):
    second_call_at = forms.DateTimeField(label=_("Second call"), widget=DateTimeInput())


class CloseForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes for the minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MoveForm(forms.Form):
    decision = forms.IntegerField(min_value=1)
    offset = forms.TypedChoiceField(choices=[("-1", "-1"), ("1", "1")], coerce=int)
