"""Counting a decision college by college, with weights, and the anonymous ballot bundle.

A decision's ballots are kept per voting college. :func:`count_colleges` counts each college
with the tally engine and combines them into the overall result:

- **Without weights** the colleges' ballots are pooled (one member, one vote) and counted once.
- **With weights, for plurality, approval and score**, each college's tallies become shares of
  that college's own total, multiplied by the college's weight; colleges with no valid vote
  are left out and the weights of the others are divided by their sum (as
  ``rules.weighted_shares``). The ``seats`` options with the largest shares win; equal shares
  are ordered by the options' order.
- **With weights, for ranked methods**, every non-blank ballot of college ``c`` carries the
  whole-number weight ``floor(w_c * SCALE / n_c)``, where ``w_c`` is the college's weight,
  ``n_c`` its number of non-blank ballots and ``SCALE`` is 10**8; the engine counts that one
  weighted profile (``ballots-weighted.blt`` in the bundle). Rounding down loses less than one
  ten-millionth of a college's weight.

Yes/no and consent decisions are counted as plurality, then judged:

- **yes/no**: passes when the (weighted) share of Yes among Yes and No is strictly above the
  threshold for a simple majority (1/2), and at least the threshold otherwise.
- **consent**: options Agree, Abstain, Disagree, Block. Abstain counts like a blank ballot
  (turnout, not a valid vote). Passes when no ballot blocks and the (weighted) share of Agree
  is strictly above that of Disagree.

The bundle is a ZIP file described in ``docs/ballot-export.md``; :func:`read_bundle` reads it
and :func:`recount_bundle` recounts it. Nothing here imports Django.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from intercoop_tools.tally.blt import read_blt, write_blt
from intercoop_tools.tally.csvformat import read_csv, write_csv
from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.irv import irv
from intercoop_tools.tally.meek import stv_meek
from intercoop_tools.tally.profile import ChoiceProfile, RankedProfile
from intercoop_tools.tally.result import TallyResult
from intercoop_tools.tally.schulze import schulze
from intercoop_tools.tally.scottish import stv_scottish
from intercoop_tools.tally.simple import approval, plurality, score

FORMAT = "intercoop-ballots/1"
SCALE = 10**8

# Decision method -> engine method.
ENGINE = {
    "consent": "plurality",
    "yes_no": "plurality",
    "single": "plurality",
    "approval": "approval",
    "score": "score",
    "irv": "irv",
    "stv_scottish": "stv-scottish",
    "stv_meek": "stv-meek",
    "schulze": "schulze",
}
RANKED_METHODS = ("irv", "stv_scottish", "stv_meek", "schulze")
CONSENT_ABSTAIN = 1  # index of "Abstain" among the consent options
CONSENT_BLOCK = 3

Profile = RankedProfile | ChoiceProfile


@dataclass(frozen=True)
class College:
    key: str
    name: str
    weight: Fraction | None
    profile: Profile


@dataclass(frozen=True)
class Spec:
    """What is needed to count: the decision method, options (engine names, in order: the
    tie-break order), seats and, for yes/no, the threshold."""

    method: str
    options: tuple[str, ...]
    seats: int = 1
    threshold: Fraction = Fraction(1, 2)
    title: str = ""

    @property
    def ranked(self) -> bool:
        return self.method in RANKED_METHODS

    @property
    def engine(self) -> str:
        return ENGINE[self.method]


def safe_name(label: str) -> str:
    """An option label as a candidate name both ballot formats can hold."""
    name = label.replace('"', "'").replace("+", "&").replace(":", " -").strip()
    return " ".join(name.split()) or "?"


def fraction_text(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def parse_fraction(text: str | None) -> Fraction | None:
    if text is None:
        return None
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise TallyError(f"{text!r} is not a fraction") from None


def run(spec: Spec, profile: Profile) -> TallyResult:
    """Count one profile with the decision's engine method."""
    if isinstance(profile, RankedProfile):
        if spec.method == "irv":
            return irv(profile)
        if spec.method == "stv_scottish":
            return stv_scottish(profile, seats=spec.seats)
        if spec.method == "stv_meek":
            return stv_meek(profile, seats=spec.seats)
        if spec.method == "schulze":
            return schulze(profile, seats=spec.seats)
        raise TallyError(f"{spec.method} does not take ranked ballots")
    if spec.engine == "plurality":
        return plurality(profile, seats=spec.seats)
    if spec.engine == "approval":
        return approval(profile, seats=spec.seats)
    if spec.engine == "score":
        return score(profile, seats=spec.seats)
    raise TallyError(f"{spec.method} does not take choice ballots")


def _ranked(profile: Profile) -> RankedProfile:
    if not isinstance(profile, RankedProfile):
        raise TallyError("expected ranked ballots")
    return profile


def _choice(profile: Profile) -> ChoiceProfile:
    if not isinstance(profile, ChoiceProfile):
        raise TallyError("expected choice ballots")
    return profile


def _empty(profile: Profile) -> bool:
    return profile.valid == 0


def _college_json(spec: Spec, college: College) -> dict[str, Any]:
    profile = college.profile
    abstain = 0
    if spec.method == "consent" and isinstance(profile, ChoiceProfile):
        abstain = sum(n for ballot, n in profile.choices() if set(ballot) == {CONSENT_ABSTAIN})
    return {
        "key": college.key,
        "name": college.name,
        "weight": fraction_text(college.weight),
        "ballots": profile.ballots,
        "blank": profile.blank,
        "abstain": abstain,
        "valid": profile.valid - abstain,
        "result": None if _empty(profile) else run(spec, profile).to_json(),
    }


def _pooled(spec: Spec, colleges: Sequence[College]) -> Profile:
    if spec.ranked:
        rankings: list[tuple[Sequence[int], int]] = []
        for college in colleges:
            ranked = _ranked(college.profile)
            rankings.extend(ranked.rankings())
            rankings.append(((), ranked.blank))
        return RankedProfile.from_rankings(
            spec.options, rankings, seats=spec.seats, title=spec.title
        )
    ballots: list[tuple[dict[int, int], int]] = []
    for college in colleges:
        choice = _choice(college.profile)
        ballots.extend(choice.choices())
        ballots.append(({}, choice.blank))
    return ChoiceProfile.from_choices(spec.options, ballots)


def weighted_profile(spec: Spec, colleges: Sequence[College]) -> RankedProfile:
    """The ranked ballots of every college, each carrying its college's weight (see above)."""
    rankings: list[tuple[Sequence[int], int]] = []
    for college in colleges:
        profile = _ranked(college.profile)
        if college.weight is None:
            raise TallyError(f"college {college.key!r} has no weight")
        if profile.valid == 0:
            continue
        per_ballot = college.weight * SCALE // profile.valid
        rankings.extend((ranking, n * per_ballot) for ranking, n in profile.rankings())
    return RankedProfile.from_rankings(
        spec.options, [r for r in rankings if r[1] > 0], seats=spec.seats, title=spec.title
    )


def _tallies(spec: Spec, college: College) -> dict[str, int]:
    result = run(spec, college.profile)
    if result.counts is None:
        raise TallyError(f"{spec.method} gives no counts")
    return dict(result.counts)


def weighted_shares(spec: Spec, colleges: Sequence[College]) -> dict[str, Fraction]:
    """Each option's weighted share (plurality, approval, score); 0 for all if no one voted."""
    counts = {c.key: _tallies(spec, c) for c in colleges if not _empty(c.profile)}
    if spec.method == "consent":
        for tallies in counts.values():
            tallies.pop(spec.options[CONSENT_ABSTAIN], None)
    shares = dict.fromkeys(spec.options, Fraction(0))
    voted = {k: t for k, t in counts.items() if sum(t.values()) > 0}
    weights = {c.key: c.weight or Fraction(0) for c in colleges}
    total_weight = sum((weights[k] for k in voted), Fraction(0))
    if total_weight == 0:
        return shares
    for key, tallies in voted.items():
        valid = sum(tallies.values())
        for option, n in tallies.items():
            shares[option] += weights[key] / total_weight * Fraction(n, valid)
    return shares


def _overall(spec: Spec, colleges: Sequence[College], weighted: bool) -> dict[str, Any]:
    if not weighted:
        pooled = _pooled(spec, colleges)
        if _empty(pooled):
            return {"weighted": False, "winners": [], "empty": True}
        return {"weighted": False, **run(spec, pooled).to_json()}
    if spec.ranked:
        profile = weighted_profile(spec, colleges)
        if _empty(profile):
            return {"weighted": True, "scale": SCALE, "winners": [], "empty": True}
        return {"weighted": True, "scale": SCALE, **run(spec, profile).to_json()}
    shares = weighted_shares(spec, colleges)
    if not any(shares.values()):
        return {"weighted": True, "winners": [], "empty": True}
    order = list(spec.options)
    candidates = order
    if spec.method == "consent":
        candidates = [o for i, o in enumerate(order) if i != CONSENT_ABSTAIN]
    ranked = sorted(candidates, key=lambda o: (-shares[o], order.index(o)))
    return {
        "weighted": True,
        "shares": {o: fraction_text(shares[o]) for o in candidates},
        "winners": ranked[: spec.seats],
    }


def _share(
    overall: Mapping[str, Any], colleges: Sequence[College], spec: Spec
) -> dict[str, Fraction]:
    """Shares of each option among the valid votes (abstentions left out)."""
    if overall.get("shares"):
        return {o: Fraction(v) for o, v in overall["shares"].items()}
    counts: Mapping[str, int] = overall.get("counts") or {}
    options = [o for i, o in enumerate(spec.options) if not _is_abstain(spec, i)]
    total = sum(counts.get(o, 0) for o in options)
    return {o: Fraction(counts.get(o, 0), total) if total else Fraction(0) for o in options}


def _is_abstain(spec: Spec, index: int) -> bool:
    return spec.method == "consent" and index == CONSENT_ABSTAIN


def _outcome(
    spec: Spec, colleges: Sequence[College], overall: Mapping[str, Any]
) -> dict[str, Any] | None:
    shares = _share(overall, colleges, spec)
    if spec.method == "yes_no":
        yes = shares.get(spec.options[0], Fraction(0))
        strict = spec.threshold == Fraction(1, 2)
        passed = yes > spec.threshold if strict else yes >= spec.threshold
        return {
            "share_for": fraction_text(yes),
            "threshold": fraction_text(spec.threshold),
            "rule": "more_than" if strict else "at_least",
            "passed": bool(passed and not overall.get("empty")),
        }
    if spec.method == "consent":
        agree, disagree = spec.options[0], spec.options[2]
        blocks = 0
        for college in colleges:
            blocks += sum(
                n
                for ballot, n in _choice(college.profile).choices()
                if set(ballot) == {CONSENT_BLOCK}
            )
        return {
            "share_agree": fraction_text(shares.get(agree, Fraction(0))),
            "share_disagree": fraction_text(shares.get(disagree, Fraction(0))),
            "blocks": blocks,
            "passed": blocks == 0 and shares.get(agree, Fraction(0)) > shares.get(disagree, 0),
        }
    return None


def count_colleges(spec: Spec, colleges: Sequence[College]) -> dict[str, Any]:
    """The result of a decision: per college, overall, and (yes/no, consent) the outcome."""
    if not colleges:
        raise TallyError("there are no colleges")
    weighted = all(c.weight is not None for c in colleges) and len(colleges) > 1
    overall = _overall(spec, colleges, weighted)
    return {
        "method": spec.method,
        "engine_method": spec.engine,
        "seats": spec.seats,
        "options": list(spec.options),
        "weighted": weighted,
        "colleges": [_college_json(spec, c) for c in colleges],
        "overall": overall,
        "outcome": _outcome(spec, colleges, overall),
    }


# --- The bundle -----------------------------------------------------------------------------


def college_file(spec: Spec, key: str) -> str:
    return f"colleges/{key}.{'blt' if spec.ranked else 'csv'}"


def write_bundle(manifest: Mapping[str, Any], spec: Spec, colleges: Sequence[College]) -> bytes:
    """The ZIP: ``manifest.json``, one ballot file per college and, for ranked methods with
    weights, ``ballots-weighted.blt``. ``manifest`` gives the decision's facts; this adds the
    counting parameters and the colleges."""
    weighted = all(c.weight is not None for c in colleges) and len(colleges) > 1
    data = dict(manifest)
    data.update(
        {
            "format": FORMAT,
            "method": spec.method,
            "engine_method": spec.engine,
            "seats": spec.seats,
            "threshold": fraction_text(spec.threshold) if spec.method == "yes_no" else None,
            "options": list(spec.options),
            "title": spec.title,
            "weighted": weighted,
            "scale": SCALE if weighted and spec.ranked else None,
            "colleges": [
                {
                    "key": c.key,
                    "name": c.name,
                    "weight": fraction_text(c.weight),
                    "ballots": c.profile.ballots,
                    "blank": c.profile.blank,
                    "file": college_file(spec, c.key),
                }
                for c in colleges
            ],
            "weighted_file": "ballots-weighted.blt" if weighted and spec.ranked else None,
        }
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json", json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
        for college in colleges:
            archive.writestr(college_file(spec, college.key), _file(spec, college.profile))
        if data["weighted_file"]:
            archive.writestr(data["weighted_file"], write_blt(weighted_profile(spec, colleges)))
    return buffer.getvalue()


def _file(spec: Spec, profile: Profile) -> str:
    if isinstance(profile, RankedProfile):
        return write_blt(profile)
    if spec.engine == "plurality":
        return write_csv(profile, "plurality")
    if spec.engine == "approval":
        return write_csv(profile, "approval")
    return write_csv(profile, "score")


def is_bundle(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_bundle(data: bytes) -> tuple[dict[str, Any], Spec, list[College]]:
    """The manifest, the counting parameters and each college's ballots, from a bundle."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TallyError("not a ZIP file") from None
    with archive:
        names = set(archive.namelist())
        manifest = json.loads(_member(archive, names, "manifest.json"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise TallyError(f"manifest.json is not in the {FORMAT} format")
        try:
            method = str(manifest["method"])
            if method not in ENGINE:
                raise TallyError(f"unknown method {method!r} in manifest.json")
            spec = Spec(
                method=method,
                options=tuple(manifest["options"]),
                seats=int(manifest["seats"]),
                threshold=parse_fraction(manifest.get("threshold")) or Fraction(1, 2),
                title=str(manifest.get("title", "")),
            )
            colleges = []
            for entry in manifest["colleges"]:
                text = _member(archive, names, str(entry["file"]))
                try:
                    profile: Profile = (
                        read_blt(text) if spec.ranked else read_csv(text, spec.engine)  # type: ignore[arg-type]
                    )
                except TallyError as exc:
                    raise TallyError(f"{entry['file']}: {exc}") from None
                if tuple(profile.candidates) != spec.options:
                    raise TallyError(f"{entry['file']} does not list the manifest's options")
                colleges.append(
                    College(
                        key=str(entry["key"]),
                        name=str(entry["name"]),
                        weight=parse_fraction(entry.get("weight")),
                        profile=profile,
                    )
                )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, TallyError):
                raise
            raise TallyError(f"manifest.json is incomplete: {exc}") from None
    return manifest, spec, colleges


def _member(archive: zipfile.ZipFile, names: set[str], name: str) -> str:
    if name not in names:
        raise TallyError(f"the bundle has no {name}")
    try:
        return archive.read(name).decode("utf-8")
    except UnicodeDecodeError:
        raise TallyError(f"{name} is not UTF-8 text") from None


def recount_bundle(data: bytes) -> dict[str, Any]:
    """Recount a bundle as :func:`count_colleges` counted it at the close."""
    _, spec, colleges = read_bundle(data)
    return count_colleges(spec, colleges)
