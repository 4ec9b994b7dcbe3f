"""What a co-op's voting rules are, and when they are valid.

The rules' data (:class:`Rules`, its :class:`College` and :class:`Category` entries), the
problems that make rules invalid (:class:`Problem`, :class:`RulesError`) and :func:`validate`,
which checks rules against the general constraints and the law of their preset's country.

Every message is an English template with %(name)s placeholders, marked with ``gettext_noop``
so a web layer can translate it (``Problem.translated``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, TypeAlias, TypeVar

MemberId: TypeAlias = int | str
PersonId: TypeAlias = int | str
Status = Literal["active", "suspended", "left"]
Preset = Literal["scic_france", "quebec", "italy", "custom"]
M = TypeVar("M", bound=Hashable)

# The key a roll uses for the whole membership when the rules define no colleges.
GENERAL = "general"

SCIC_MIN_COLLEGES = 3
SCIC_MIN_WEIGHT = Fraction(1, 10)
SCIC_MAX_WEIGHT = Fraction(1, 2)
ITALY_MAX_PROXIES = 10
ITALY_MIN_MEMBERSHIP_DAYS = 90


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages extracts it); callers translate it with
    ``Problem.translated``, since this module does not import Django."""
    return message


class Phrase(str):
    """A value of a message's placeholders that is itself translated (a law's name, say):
    ``Problem.translated`` passes it through ``gettext`` before filling it in."""

    __slots__ = ()


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with a stable ``code`` and an English ``template`` whose %(name)s
    placeholders are filled from ``values`` (and %(reason)s from ``cause``, if any)."""

    code: str
    template: str
    values: Mapping[str, object] = field(default_factory=dict)
    # The problem behind this one, whose message fills %(reason)s.
    cause: Problem | None = None

    @property
    def message(self) -> str:
        return self.template % dict(self.values)

    def translated(self, gettext: Callable[[str], str]) -> str:
        values = {k: gettext(v) if isinstance(v, Phrase) else v for k, v in self.values.items()}
        if self.cause is not None:
            values["reason"] = self.cause.translated(gettext)
        return gettext(self.template) % values


class RulesError(ValueError):
    """Rules, a proxy or a count that cannot be accepted. ``problems`` lists every problem
    found, in a stable order; ``code`` is the first one's code."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("RulesError needs at least one problem")
        self.problems = tuple(problems)
        super().__init__("; ".join(f"[{p.code}] {p.message}" for p in self.problems))

    @property
    def code(self) -> str:
        return self.problems[0].code

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


# --- Data types --------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    """A kind of member, e.g. ``Category("worker", "Workers")``."""

    key: str
    label: str


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("worker", "Workers"),
    Category("user", "Users"),
    Category("producer", "Producers"),
    Category("supporting", "Supporting members"),
    Category("community", "Community"),
    Category("founder", "Founders"),
    Category("public_body", "Public bodies"),
)


@dataclass(frozen=True)
class College:
    """A voting college: the categories of members it groups and, when the votes of colleges
    are weighted, its share of the assembly's votes (None: unweighted)."""

    key: str
    name: str
    categories: frozenset[str]
    weight: Fraction | None = None


@dataclass(frozen=True)
class Rules:
    """How a co-op votes. Build it with a preset function, which validates it."""

    preset: Preset
    colleges: tuple[College, ...] = ()
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    one_member_one_vote: bool = True
    weighting_by_capital: bool = False
    proxies_allowed: bool = True
    max_proxies_per_holder: int | None = None
    min_membership_days_to_vote: int = 0
    notice_days: int = 15
    # Share of the eligible members who must be present or represented, at the first call.
    quorum: Fraction = Fraction(0)
    # Per-college quorum at the first call, by college key (colleges absent here have none).
    college_quorum: Mapping[str, Fraction] = field(default_factory=dict)
    second_call_quorum: Fraction = Fraction(0)
    # Below this many ballots in a college, its own result is not published (secrecy).
    min_college_ballots_to_publish: int = 5

    @property
    def weighted(self) -> bool:
        return bool(self.colleges) and all(c.weight is not None for c in self.colleges)

    def college_of(self, category: str) -> College | None:
        for college in self.colleges:
            if category in college.categories:
                return college
        return None


# --- Validation --------------------------------------------------------------------------


def _percent(value: Fraction) -> str:
    """A share as a percentage for messages: 55, 33.33, 12.5."""
    pct = value * 100
    if pct.denominator == 1:
        return str(pct.numerator)
    return f"{float(pct):.2f}".rstrip("0").rstrip(".")


def validate(rules: Rules) -> None:
    """Raises ``RulesError`` listing every problem of ``rules``, or returns."""
    problems = _general_problems(rules)
    if rules.preset == "scic_france":
        problems += _scic_problems(rules)
    elif rules.preset == "quebec":
        problems += _quebec_problems(rules)
    elif rules.preset == "italy":
        problems += _italy_problems(rules)
    elif rules.preset != "custom":
        problems.append(
            Problem(
                "unknown_preset",
                gettext_noop("Unknown preset '%(preset)s'."),
                {"preset": rules.preset},
            )
        )
    if problems:
        raise RulesError(problems)


def _general_problems(rules: Rules) -> list[Problem]:
    problems: list[Problem] = []
    category_keys = {c.key for c in rules.categories}
    seen_categories: set[str] = set()
    for category in rules.categories:
        if category.key in seen_categories:
            problems.append(
                Problem(
                    "duplicate_category",
                    gettext_noop("Category '%(category)s' is defined twice."),
                    {"category": category.key},
                )
            )
        seen_categories.add(category.key)

    seen_colleges: set[str] = set()
    owner: dict[str, College] = {}
    for college in rules.colleges:
        if college.key in seen_colleges:
            problems.append(
                Problem(
                    "duplicate_college",
                    gettext_noop("College key '%(key)s' is used twice."),
                    {"key": college.key},
                )
            )
        seen_colleges.add(college.key)
        if not college.categories:
            problems.append(
                Problem(
                    "college_without_categories",
                    gettext_noop("College '%(college)s' groups no member category."),
                    {"college": college.name},
                )
            )
        for key in sorted(college.categories):
            if key not in category_keys:
                problems.append(
                    Problem(
                        "unknown_category",
                        gettext_noop(
                            "College '%(college)s' groups unknown category '%(category)s'."
                        ),
                        {"college": college.name, "category": key},
                    )
                )
            if key in owner:
                problems.append(
                    Problem(
                        "category_in_two_colleges",
                        gettext_noop(
                            "Category '%(category)s' is in both college '%(first)s' and "
                            "college '%(second)s'; a member must belong to one college only."
                        ),
                        {"category": key, "first": owner[key].name, "second": college.name},
                    )
                )
            else:
                owner[key] = college
        if college.weight is not None and not 0 < college.weight <= 1:
            problems.append(
                Problem(
                    "weight_range",
                    gettext_noop(
                        "College '%(college)s' weighs %(weight)s %%; a weight must be "
                        "above 0 %% and at most 100 %%."
                    ),
                    {"college": college.name, "weight": _percent(college.weight)},
                )
            )

    weights = [c.weight for c in rules.colleges]
    given = [w for w in weights if w is not None]
    if given and len(given) < len(weights):
        missing = ", ".join(f"'{c.name}'" for c in rules.colleges if c.weight is None)
        problems.append(
            Problem(
                "weights_partial",
                gettext_noop(
                    "Some colleges are weighted and others are not (%(colleges)s): weight "
                    "every college or none."
                ),
                {"colleges": missing},
            )
        )
    elif given and sum(given, Fraction(0)) != 1:
        problems.append(
            Problem(
                "weights_sum",
                gettext_noop("The college weights add up to %(total)s %%, not 100 %%."),
                {"total": _percent(sum(given, Fraction(0)))},
            )
        )

    # The presets refuse weighting by capital outright, under their own law.
    if rules.preset == "custom" and rules.weighting_by_capital and rules.one_member_one_vote:
        problems.append(
            Problem(
                "capital_weighting_contradicts_one_vote",
                gettext_noop("Votes cannot both be one per member and weighted by capital."),
            )
        )
    if rules.max_proxies_per_holder is not None:
        if not rules.proxies_allowed:
            problems.append(
                Problem(
                    "proxy_limit_without_proxies",
                    gettext_noop(
                        "A limit of %(limit)s proxies per holder is set, but proxies are not "
                        "allowed."
                    ),
                    {"limit": rules.max_proxies_per_holder},
                )
            )
        if rules.max_proxies_per_holder < 1:
            problems.append(
                Problem(
                    "proxy_limit_range",
                    gettext_noop(
                        "The limit of proxies per holder is %(limit)s; it must be at least 1 "
                        "(or no limit)."
                    ),
                    {"limit": rules.max_proxies_per_holder},
                )
            )
    if rules.min_membership_days_to_vote < 0:
        problems.append(
            Problem(
                "membership_days_range",
                gettext_noop(
                    "The minimum membership before voting is %(days)s days; it cannot be negative."
                ),
                {"days": rules.min_membership_days_to_vote},
            )
        )
    if rules.notice_days < 0:
        problems.append(
            Problem(
                "notice_days_range",
                gettext_noop("The notice period is %(days)s days; it cannot be negative."),
                {"days": rules.notice_days},
            )
        )
    if not 0 <= rules.quorum <= 1:
        problems.append(
            Problem(
                "quorum_range",
                gettext_noop("The quorum is %(value)s %%; it must be between 0 %% and 100 %%."),
                {"value": _percent(rules.quorum)},
            )
        )
    if not 0 <= rules.second_call_quorum <= 1:
        problems.append(
            Problem(
                "second_call_quorum_range",
                gettext_noop(
                    "The second-call quorum is %(value)s %%; it must be between 0 %% and 100 %%."
                ),
                {"value": _percent(rules.second_call_quorum)},
            )
        )
    if rules.second_call_quorum > rules.quorum:
        problems.append(
            Problem(
                "second_call_quorum_above_first",
                gettext_noop(
                    "The second-call quorum (%(second)s %%) is above the first-call quorum "
                    "(%(first)s %%)."
                ),
                {"second": _percent(rules.second_call_quorum), "first": _percent(rules.quorum)},
            )
        )
    for key, value in sorted(rules.college_quorum.items()):
        if key not in seen_colleges:
            problems.append(
                Problem(
                    "college_quorum_unknown_college",
                    gettext_noop("A quorum is set for college '%(key)s', which does not exist."),
                    {"key": key},
                )
            )
        if not 0 <= value <= 1:
            problems.append(
                Problem(
                    "college_quorum_range",
                    gettext_noop(
                        "The quorum of college '%(key)s' is %(value)s %%; it must be "
                        "between 0 %% and 100 %%."
                    ),
                    {"key": key, "value": _percent(value)},
                )
            )
    if rules.min_college_ballots_to_publish < 1:
        problems.append(
            Problem(
                "min_college_ballots_range",
                gettext_noop(
                    "At least %(n)s ballots to publish a college's result: it must be at least 1."
                ),
                {"n": rules.min_college_ballots_to_publish},
            )
        )
    return problems


def _one_vote_problems(rules: Rules, law: Phrase) -> list[Problem]:
    problems: list[Problem] = []
    if rules.weighting_by_capital:
        problems.append(
            Problem(
                "capital_weighting_forbidden",
                gettext_noop("Votes cannot be weighted by capital under %(law)s."),
                {"law": law},
            )
        )
    if not rules.one_member_one_vote:
        problems.append(
            Problem(
                "one_member_one_vote_required",
                gettext_noop("Each member must have exactly one vote under %(law)s."),
                {"law": law},
            )
        )
    return problems


def _scic_problems(rules: Rules) -> list[Problem]:
    law = Phrase(gettext_noop("the SCIC rules (loi 47-1775, art. 19 octies)"))
    problems = _one_vote_problems(rules, law)
    if len(rules.colleges) < SCIC_MIN_COLLEGES:
        problems.append(
            Problem(
                "scic_min_colleges",
                gettext_noop(
                    "A SCIC with voting colleges needs at least 3 of them; these rules have "
                    "%(n)s (art. 19 octies)."
                ),
                {"n": len(rules.colleges)},
            )
        )
    for college in rules.colleges:
        if college.weight is None:
            problems.append(
                Problem(
                    "scic_weight_missing",
                    gettext_noop(
                        "College '%(college)s' has no weight; in a SCIC every college holds a "
                        "share of the votes (art. 19 octies)."
                    ),
                    {"college": college.name},
                )
            )
        elif college.weight > SCIC_MAX_WEIGHT:
            problems.append(
                Problem(
                    "scic_weight_range",
                    gettext_noop(
                        "College '%(college)s' weighs %(weight)s %%, above the 50 %% the SCIC "
                        "rules allow (art. 19 octies)."
                    ),
                    {"college": college.name, "weight": _percent(college.weight)},
                )
            )
        elif college.weight < SCIC_MIN_WEIGHT:
            problems.append(
                Problem(
                    "scic_weight_range",
                    gettext_noop(
                        "College '%(college)s' weighs %(weight)s %%, below the 10 %% the SCIC "
                        "rules allow (art. 19 octies)."
                    ),
                    {"college": college.name, "weight": _percent(college.weight)},
                )
            )
    return problems


def _quebec_problems(rules: Rules) -> list[Problem]:
    law = Phrase(gettext_noop("the Québec Cooperatives Act (C-67.2, s. 4)"))
    problems = _one_vote_problems(rules, law)
    if rules.proxies_allowed:
        problems.append(
            Problem(
                "quebec_proxies_forbidden",
                gettext_noop(
                    "Voting by proxy is forbidden in a Québec co-operative (C-67.2, s. 4 (2))."
                ),
            )
        )
    weighted = [c.name for c in rules.colleges if c.weight is not None]
    if weighted:
        problems.append(
            Problem(
                "quebec_weights_forbidden",
                gettext_noop(
                    "Colleges cannot be weighted in a Québec co-operative, where each member "
                    "has one vote (C-67.2, s. 4 (2)); weighted: %(colleges)s."
                ),
                {"colleges": ", ".join(f"'{n}'" for n in weighted)},
            )
        )
    return problems


def _italy_problems(rules: Rules) -> list[Problem]:
    law = Phrase(gettext_noop("the Italian Civil Code (art. 2538)"))
    problems = _one_vote_problems(rules, law)
    limit = rules.max_proxies_per_holder
    if rules.proxies_allowed and (limit is None or limit > ITALY_MAX_PROXIES):
        problems.append(
            Problem(
                "italy_proxy_limit",
                gettext_noop(
                    "A member may represent at most 10 members in an Italian co-operative "
                    "(Codice civile art. 2539); the limit here is %(limit)s."
                ),
                {"limit": Phrase(gettext_noop("none")) if limit is None else limit},
            )
        )
    if rules.min_membership_days_to_vote < ITALY_MIN_MEMBERSHIP_DAYS:
        problems.append(
            Problem(
                "italy_min_membership_days",
                gettext_noop(
                    "Members vote after 90 days in the members' book in an Italian co-operative "
                    "(Codice civile art. 2538); the minimum here is %(days)s days."
                ),
                {"days": rules.min_membership_days_to_vote},
            )
        )
    return problems
