"""A co-op's voting rules: defined, validated and applied. Pure Python: no Django here.

This is the one place where colleges, weights, proxies, membership periods and quorums are
defined and checked against the law of the co-op's country; models and services call it.

Legal sources of the presets (see docs/governance-rules.md):

- ``scic_france``: Loi n° 47-1775 du 10 septembre 1947, art. 19 septies and 19 octies
  (société coopérative d'intérêt collectif), décret n° 2002-241 du 21 février 2002. Members may
  be grouped in at least three voting colleges, none holding more than 50 % nor less than 10 %
  of the votes; one member, one vote inside a college, never by capital.
- ``quebec``: Loi sur les coopératives, RLRQ c. C-67.2, art. 4 (2°): no member has more than
  one vote whatever the number of shares, and no one votes by proxy.
- ``italy``: Codice civile art. 2538 (voting right after 90 days in the members' book; one vote
  per member whatever the shares) and art. 2539 (a member represents at most ten members).

Every message is an English template with %(name)s placeholders, marked with ``gettext_noop``
so a web layer can translate it (``Problem.translated``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date
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


# --- Presets -----------------------------------------------------------------------------


def _checked(rules: Rules) -> Rules:
    validate(rules)
    return rules


def scic_france(
    colleges: Sequence[College],
    *,
    categories: Sequence[Category] = DEFAULT_CATEGORIES,
    weighting_by_capital: bool = False,
    proxies_allowed: bool = True,
    max_proxies_per_holder: int | None = None,
    min_membership_days_to_vote: int = 0,
    notice_days: int = 15,
    quorum: Fraction = Fraction(1, 5),
    college_quorum: Mapping[str, Fraction] | None = None,
    second_call_quorum: Fraction = Fraction(0),
    min_college_ballots_to_publish: int = 5,
) -> Rules:
    """A French SCIC with voting colleges (loi n° 47-1775 du 10 septembre 1947, art. 19 octies;
    décret n° 2002-241 du 21 février 2002).

    Art. 19 octies: members may be grouped in at least three colleges; each college has an
    equal number of votes unless the statutes say otherwise, and then no college holds more
    than 50 % nor less than 10 % of the votes. Each member has one vote in their college,
    whatever their capital. When no college has a weight, the colleges get equal weights (the
    law's default). The quorum and notice defaults are those of usual SCIC-SA statutes (a fifth
    at the first call, none at the second; 15 days), not of the law: set the statutes' own.
    """
    cols = tuple(colleges)
    if cols and all(c.weight is None for c in cols):
        cols = tuple(replace(c, weight=Fraction(1, len(cols))) for c in cols)
    return _checked(
        Rules(
            preset="scic_france",
            colleges=cols,
            categories=tuple(categories),
            one_member_one_vote=True,
            weighting_by_capital=weighting_by_capital,
            proxies_allowed=proxies_allowed,
            max_proxies_per_holder=max_proxies_per_holder,
            min_membership_days_to_vote=min_membership_days_to_vote,
            notice_days=notice_days,
            quorum=quorum,
            college_quorum=dict(college_quorum or {}),
            second_call_quorum=second_call_quorum,
            min_college_ballots_to_publish=min_college_ballots_to_publish,
        )
    )


def quebec(
    colleges: Sequence[College] = (),
    *,
    categories: Sequence[Category] = DEFAULT_CATEGORIES,
    min_membership_days_to_vote: int = 0,
    notice_days: int = 10,
    quorum: Fraction = Fraction(0),
    second_call_quorum: Fraction = Fraction(0),
    min_college_ballots_to_publish: int = 5,
) -> Rules:
    """A Québec co-operative (Loi sur les coopératives, RLRQ c. C-67.2).

    Art. 4 (2°): no member has more than one vote, whatever the number of shares held, and no
    one votes by proxy. Colleges (e.g. the categories of a solidarity co-op) may group members
    for the roll, but carry no weight. Unless the by-laws say otherwise the members present
    form the quorum, hence a default of 0; set the by-laws' quorum and notice period.
    """
    return _checked(
        Rules(
            preset="quebec",
            colleges=tuple(colleges),
            categories=tuple(categories),
            one_member_one_vote=True,
            weighting_by_capital=False,
            proxies_allowed=False,
            max_proxies_per_holder=None,
            min_membership_days_to_vote=min_membership_days_to_vote,
            notice_days=notice_days,
            quorum=quorum,
            second_call_quorum=second_call_quorum,
            min_college_ballots_to_publish=min_college_ballots_to_publish,
        )
    )


def italy(
    colleges: Sequence[College] = (),
    *,
    categories: Sequence[Category] = DEFAULT_CATEGORIES,
    proxies_allowed: bool = True,
    max_proxies_per_holder: int | None = ITALY_MAX_PROXIES,
    min_membership_days_to_vote: int = ITALY_MIN_MEMBERSHIP_DAYS,
    notice_days: int = 15,
    quorum: Fraction = Fraction(1, 2),
    second_call_quorum: Fraction = Fraction(0),
    min_college_ballots_to_publish: int = 5,
) -> Rules:
    """An Italian co-operative (Codice civile, art. 2538 and 2539).

    Art. 2538: members vote once they have been in the members' book for at least 90 days,
    with one vote each whatever their shares. Art. 2539: in a co-operative governed by the
    rules of the società per azioni, each member may represent at most ten members. The
    statutes may set stricter limits. The quorum and notice defaults follow the SpA rules
    (half of the votes at the first call, art. 2368; none at the second, art. 2369; 15 days,
    art. 2366); the statutes fix the co-op's own (art. 2538, fifth paragraph).
    """
    return _checked(
        Rules(
            preset="italy",
            colleges=tuple(colleges),
            categories=tuple(categories),
            one_member_one_vote=True,
            weighting_by_capital=False,
            proxies_allowed=proxies_allowed,
            max_proxies_per_holder=max_proxies_per_holder if proxies_allowed else None,
            min_membership_days_to_vote=min_membership_days_to_vote,
            notice_days=notice_days,
            quorum=quorum,
            second_call_quorum=second_call_quorum,
            min_college_ballots_to_publish=min_college_ballots_to_publish,
        )
    )


def custom(
    colleges: Sequence[College] = (),
    *,
    categories: Sequence[Category] = DEFAULT_CATEGORIES,
    one_member_one_vote: bool = True,
    weighting_by_capital: bool = False,
    proxies_allowed: bool = True,
    max_proxies_per_holder: int | None = None,
    min_membership_days_to_vote: int = 0,
    notice_days: int = 15,
    quorum: Fraction = Fraction(0),
    college_quorum: Mapping[str, Fraction] | None = None,
    second_call_quorum: Fraction = Fraction(0),
    min_college_ballots_to_publish: int = 5,
) -> Rules:
    """Whatever the co-op's statutes set, checked only for internal consistency."""
    return _checked(
        Rules(
            preset="custom",
            colleges=tuple(colleges),
            categories=tuple(categories),
            one_member_one_vote=one_member_one_vote,
            weighting_by_capital=weighting_by_capital,
            proxies_allowed=proxies_allowed,
            max_proxies_per_holder=max_proxies_per_holder,
            min_membership_days_to_vote=min_membership_days_to_vote,
            notice_days=notice_days,
            quorum=quorum,
            college_quorum=dict(college_quorum or {}),
            second_call_quorum=second_call_quorum,
            min_college_ballots_to_publish=min_college_ballots_to_publish,
        )
    )


# --- Eligibility -------------------------------------------------------------------------

Reason = Literal[
    "not_yet_member",
    "left",
    "suspended",
    "membership_too_recent",
    "no_representative",
    "category_in_no_college",
]


@dataclass(frozen=True)
class MemberFacts:
    """What eligibility depends on. ``statuses`` lists (from this date, status) changes; before
    the first, a member who has joined is active. ``joined_on`` is the date of entry in the
    register (for a member who left and came back, the date they came back)."""

    id: MemberId
    joined_on: date
    category: str
    statuses: tuple[tuple[date, Status], ...] = ()
    is_legal_person: bool = False
    representative: PersonId | None = None

    def status_on(self, day: date) -> Status | None:
        """The status on ``day``, or None before joining. Of several changes on one day, the
        last listed wins."""
        if day < self.joined_on:
            return None
        status: Status = "active"
        for since, value in sorted(self.statuses, key=lambda s: s[0]):
            if since <= day:
                status = value
        return status


@dataclass(frozen=True)
class Eligibility:
    """Whether a member may vote at a record date; if not, ``reason`` and ``problem`` say why.
    ``college`` is the member's college key (``GENERAL`` without colleges)."""

    member: MemberId
    college: str | None
    reason: Reason | None = None
    problem: Problem | None = None

    @property
    def eligible(self) -> bool:
        return self.reason is None

    def __bool__(self) -> bool:
        return self.eligible


def _ineligible(
    member: MemberFacts, college: str | None, reason: Reason, template: str, **values: object
) -> Eligibility:
    return Eligibility(member.id, college, reason, Problem(reason, template, values))


def eligible(member: MemberFacts, rules: Rules, record_date: date) -> Eligibility:
    """Whether ``member`` may vote in a decision whose roll is drawn at ``record_date``.

    Checked in this order, the first failing check giving the reason: a member at the record
    date; not left; not suspended; at least ``min_membership_days_to_vote`` days since joining
    (the record date minus the joining date); a legal person has a designated representative;
    the member's category is in a college (when the rules have colleges).
    """
    college = rules.college_of(member.category)
    college_key = college.key if college else (None if rules.colleges else GENERAL)
    day = record_date.isoformat()
    status = member.status_on(record_date)
    if status is None:
        return _ineligible(
            member,
            college_key,
            "not_yet_member",
            gettext_noop("Not yet a member on %(date)s: joined on %(joined)s."),
            date=day,
            joined=member.joined_on.isoformat(),
        )
    if status == "left":
        return _ineligible(
            member,
            college_key,
            "left",
            gettext_noop("Had left the co-operative by %(date)s."),
            date=day,
        )
    if status == "suspended":
        return _ineligible(
            member,
            college_key,
            "suspended",
            gettext_noop("Suspended on %(date)s."),
            date=day,
        )
    days = (record_date - member.joined_on).days
    if days < rules.min_membership_days_to_vote:
        return _ineligible(
            member,
            college_key,
            "membership_too_recent",
            gettext_noop(
                "Days of membership on %(date)s: %(days)s; the rules require %(required)s "
                "before voting."
            ),
            days=days,
            date=day,
            required=rules.min_membership_days_to_vote,
        )
    if member.is_legal_person and member.representative is None:
        return _ineligible(
            member,
            college_key,
            "no_representative",
            gettext_noop("A legal person without a designated representative cannot vote."),
        )
    if college_key is None:
        return _ineligible(
            member,
            None,
            "category_in_no_college",
            gettext_noop("Category '%(category)s' belongs to no college."),
            category=member.category,
        )
    return Eligibility(member.id, college_key)


@dataclass(frozen=True)
class Roll:
    """The electoral roll at a record date: eligible members by college key, in input order,
    and the ineligible ones with the reason."""

    record_date: date
    by_college: Mapping[str, tuple[MemberId, ...]]
    ineligible: Mapping[MemberId, Eligibility]

    @property
    def counts(self) -> dict[str, int]:
        return {key: len(ids) for key, ids in self.by_college.items()}

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.by_college.values())


def roll(members: Iterable[MemberFacts], rules: Rules, record_date: date) -> Roll:
    """Every college of the rules appears, even empty (``GENERAL`` without colleges)."""
    keys = [c.key for c in rules.colleges] or [GENERAL]
    by_college: dict[str, list[MemberId]] = {key: [] for key in keys}
    ineligible: dict[MemberId, Eligibility] = {}
    for member in members:
        result = eligible(member, rules, record_date)
        if result.college is not None and result.eligible:
            by_college[result.college].append(member.id)
        else:
            ineligible[member.id] = result
    return Roll(record_date, {key: tuple(ids) for key, ids in by_college.items()}, ineligible)


# --- Proxies -----------------------------------------------------------------------------


def check_proxy(
    grantor: MemberFacts,
    holder: MemberFacts,
    rules: Rules,
    existing_proxies_of_holder: int,
    record_date: date,
) -> None:
    """Raises ``RulesError`` if ``grantor`` may not give their proxy to ``holder``, who already
    holds ``existing_proxies_of_holder`` proxies for this vote.

    Codes: ``proxies_forbidden`` and ``proxy_to_self`` alone, since nothing else matters
    then; otherwise every one of ``proxy_grantor_ineligible``, ``proxy_holder_ineligible`` and
    ``proxy_holder_full`` that applies.
    """
    if not rules.proxies_allowed:
        raise RulesError(
            [Problem("proxies_forbidden", gettext_noop("These rules do not allow proxies."))]
        )
    if grantor.id == holder.id:
        raise RulesError(
            [Problem("proxy_to_self", gettext_noop("A member cannot hold their own proxy."))]
        )
    problems: list[Problem] = []
    checks = (
        ("proxy_grantor_ineligible", gettext_noop("The grantor cannot vote: %(reason)s"), grantor),
        ("proxy_holder_ineligible", gettext_noop("The holder cannot vote: %(reason)s"), holder),
    )
    for code, template, facts in checks:
        cause = eligible(facts, rules, record_date).problem
        if cause is not None:
            problems.append(Problem(code, template, {"reason": cause.message}, cause))
    limit = rules.max_proxies_per_holder
    if limit is not None and existing_proxies_of_holder >= limit:
        problems.append(
            Problem(
                "proxy_holder_full",
                gettext_noop(
                    "The holder already holds %(held)s proxies, the most these rules allow "
                    "(%(limit)s)."
                ),
                {"held": existing_proxies_of_holder, "limit": limit},
            )
        )
    if problems:
        raise RulesError(problems)


def effective_votes(in_person: Set[M], proxies: Mapping[M, M]) -> dict[M, M]:
    """Who casts each member's vote: member → the member casting it.

    A member who votes in person casts their own vote, which overrides any proxy they gave;
    the others' votes are cast by their proxy holder. Members who neither vote nor gave a
    proxy are absent from the result.
    """
    votes: dict[M, M] = {
        grantor: holder for grantor, holder in proxies.items() if grantor not in in_person
    }
    votes.update((member, member) for member in in_person)
    return votes


# --- Results -----------------------------------------------------------------------------


def weighted_shares(
    per_college_counts: Mapping[str, Mapping[str, int]], rules: Rules
) -> dict[str, Fraction]:
    """Each option's share of the assembly's vote, exact.

    With weighted colleges, each college's result is taken as shares of its own valid votes,
    multiplied by its weight, and summed. A college with no valid vote has no result to
    weigh; its weight is shared among the colleges that voted, in proportion to their
    weights (each weight is divided by the sum of the weights of the colleges that voted).
    The law leaves this case to the statutes; this proportional rule keeps the other colleges'
    relative weights (see docs/governance-rules.md). Statutes that say otherwise need their
    own rule.

    Without weights, the votes of all colleges are pooled: one member, one vote.

    The shares add up to 1 when anyone voted; when no one did, every option has 0.
    """
    known = {c.key: c for c in rules.colleges}
    problems: list[Problem] = []
    for key, counts in sorted(per_college_counts.items()):
        if rules.colleges and key not in known:
            problems.append(
                Problem(
                    "unknown_college",
                    gettext_noop("Votes are counted for college '%(key)s', which does not exist."),
                    {"key": key},
                )
            )
        for option, count in sorted(counts.items()):
            if count < 0:
                problems.append(
                    Problem(
                        "negative_count",
                        gettext_noop("College '%(key)s' has %(count)s votes for '%(option)s'."),
                        {"key": key, "count": count, "option": option},
                    )
                )
    if problems:
        raise RulesError(problems)

    options = sorted({o for counts in per_college_counts.values() for o in counts})
    shares = dict.fromkeys(options, Fraction(0))
    if not rules.weighted:
        total = sum(sum(c.values()) for c in per_college_counts.values())
        if total == 0:
            return shares
        for counts in per_college_counts.values():
            for option, count in counts.items():
                shares[option] += Fraction(count, total)
        return shares

    voted = {k: c for k, c in per_college_counts.items() if sum(c.values()) > 0}
    weight_of_voters = sum((_weight(known[k]) for k in voted), Fraction(0))
    for key, counts in voted.items():
        valid = sum(counts.values())
        weight = _weight(known[key]) / weight_of_voters
        for option, count in counts.items():
            shares[option] += weight * Fraction(count, valid)
    return shares


def _weight(college: College) -> Fraction:
    # Only called on weighted rules, where every college has a weight.
    return college.weight if college.weight is not None else Fraction(0)


def publishable_colleges(
    per_college_counts: Mapping[str, Mapping[str, int]], rules: Rules
) -> set[str]:
    """Colleges whose own result may be published: those with at least
    ``min_college_ballots_to_publish`` ballots, so that a small college's votes stay secret."""
    return {
        key
        for key, counts in per_college_counts.items()
        if sum(counts.values()) >= rules.min_college_ballots_to_publish
    }
