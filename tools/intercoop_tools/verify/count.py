"""The checks of the count: the tally's sums, the trustees' decryption shares and the counts, the
withheld colleges and the weighted result."""

from __future__ import annotations

from collections.abc import Sequence

from intercoop_tools.crypto.dkg import DkgParameters, lagrange_at_zero, verify_decryption_share
from intercoop_tools.crypto.elgamal import NEUTRAL, Ciphertext
from intercoop_tools.crypto.errors import CryptoError
from intercoop_tools.crypto.group import IDENTITY, Point, Scalar, base_mul, mul
from intercoop_tools.crypto.transcript import Context
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.record.result import Result, is_published, weighted_result
from intercoop_tools.record.tally import Tally
from intercoop_tools.verify.entries import EntryOutcome
from intercoop_tools.verify.report import Report, plural


def check_tally(
    report: Report,
    manifest: Manifest,
    decoded: Sequence[EntryOutcome],
    counted: dict[str, list[int]],
    tally: Tally,
) -> dict[str, int]:
    """The counted entries per college, and their homomorphic sums; returns ballots per
    college (as recomputed)."""
    description = manifest.description
    ballots = {c: len(v) for c, v in counted.items()}
    if [c.college for c in tally.colleges] != [c.id for c in description.colleges]:
        report.fail("ballots.counted", "the tally does not list the colleges of the manifest")
        report.fail("tally.sums", "not checked: the tally's colleges are not the manifest's")
        return ballots
    by_position = {o.position: o for o in decoded}
    for college in tally.colleges:
        expected = counted[college.college]
        if list(college.ballots) != expected:
            report.fail(
                "ballots.counted",
                f"college {college.college}: the counted entries are not the last ballot of "
                f"each credential ({len(college.ballots)} stated, {len(expected)} expected)",
            )
        shape = [len(q.options) for q in description.questions]
        if [len(q) for q in college.questions] != shape:
            report.fail("tally.sums", f"college {college.college}: wrong shape")
            continue
        sums = [[NEUTRAL] * n for n in shape]
        for position in expected:
            outcome = by_position[position]
            if not outcome.ciphertexts:
                continue
            for q, pairs in enumerate(outcome.ciphertexts):
                for s, (alpha, beta) in enumerate(pairs):
                    sums[q][s] = sums[q][s] + Ciphertext(Point(alpha), Point(beta))
        for q, row in enumerate(college.questions):
            for s, selection in enumerate(row):
                if selection.ciphertext != sums[q][s]:
                    report.fail(
                        "tally.sums",
                        f"college {college.college}, question {q}, option {s}: not the sum of "
                        f"the counted ballots",
                    )
    if not report.failures["ballots.counted"]:
        report.passed(
            "ballots.counted",
            f"{plural(sum(ballots.values()), 'ballot')} counted (the last per credential)",
        )
    if not report.failures["tally.sums"]:
        report.passed("tally.sums", f"recomputed for {plural(len(tally.colleges), 'college')}")
    return ballots


def check_decryption(
    report: Report,
    manifest: Manifest,
    params: DkgParameters,
    tally: Tally,
    manifest_hash: bytes,
) -> None:
    present = list(tally.trustees_present)
    if len(set(present)) != len(present) or present != sorted(present):
        report.fail("decryption.trustees", "the present trustees are not distinct and in order")
    if len(set(present)) < params.threshold:
        report.fail(
            "decryption.trustees",
            f"{len(set(present))} trustee(s) present, {params.threshold} needed",
        )
    vks = dict(enumerate(manifest.ceremony.verification_keys, start=1))
    context = Context(manifest_hash)
    decrypted = 0
    for college in tally.colleges:
        for q, row in enumerate(college.questions):
            for s, selection in enumerate(row):
                if selection.shares is None or selection.count is None:
                    continue
                where = f"college {college.college}, question {q}, option {s}"
                trustees = [share.trustee for share in selection.shares]
                if trustees != present:
                    report.fail(
                        "decryption.trustees",
                        f"{where}: shares from trustees {trustees}, present {present}",
                    )
                valid = True
                for share in selection.shares:
                    try:
                        verify_decryption_share(
                            verification_key=vks[share.trustee],
                            ciphertext=selection.ciphertext,
                            share=share,
                            context=context,
                        )
                    except CryptoError as exc:
                        report.fail("decryption.shares", f"{where}: {exc}")
                        valid = False
                decrypted += 1
                if not valid or len(set(trustees)) < params.threshold:
                    report.fail("decryption.counts", f"{where}: not checked (shares invalid)")
                    continue
                used = sorted(set(trustees))[: params.threshold]
                by_trustee = {share.trustee: share.point for share in selection.shares}
                x_alpha = IDENTITY
                for j in used:
                    x_alpha = x_alpha + mul(lagrange_at_zero(used, j), by_trustee[j])
                if base_mul_int(selection.count) != selection.ciphertext.beta - x_alpha:
                    report.fail(
                        "decryption.counts",
                        f"{where}: the count {selection.count} is not what the shares decrypt to",
                    )
    for check, summary in (
        ("decryption.trustees", f"trustees {present} present, threshold {params.threshold}"),
        ("decryption.shares", f"{plural(decrypted * len(present), 'decryption share')} verified"),
        ("decryption.counts", f"{plural(decrypted, 'count')} equal the combined shares"),
    ):
        if not report.failures[check]:
            report.passed(check, summary)


def base_mul_int(count: int) -> Point:
    return base_mul(Scalar.from_int(count))


def check_withheld(
    report: Report, manifest: Manifest, tally: Tally, ballots: dict[str, int]
) -> None:
    withheld = 0
    for college in tally.colleges:
        spec = manifest.description.college(college.college)
        n = ballots.get(college.college, 0)
        should_withhold = not is_published(spec, n)
        if college.withheld != should_withhold:
            report.fail(
                "withheld",
                f"college {college.college}: {n} ballot(s), minimum {spec.minimum_ballots}, "
                f"but marked {'withheld' if college.withheld else 'published'}",
            )
        cells = [s for row in college.questions for s in row]
        if college.withheld:
            withheld += 1
            if any(s.shares is not None or s.count is not None for s in cells):
                report.fail(
                    "withheld",
                    f"college {college.college} is withheld but its shares or counts are published",
                )
        elif any(s.shares is None or s.count is None for s in cells):
            report.fail("withheld", f"college {college.college} is published without its counts")
    if not report.failures["withheld"]:
        report.passed("withheld", f"{plural(withheld, 'college')} withheld, each below its minimum")


def check_result(
    report: Report, manifest: Manifest, tally: Tally, ballots: dict[str, int], result: Result
) -> None:
    description = manifest.description
    try:
        tallies = {
            c.college: (ballots[c.college], None if c.withheld else c.counts())
            for c in tally.colleges
        }
        expected = weighted_result(description, tallies)
    except (CryptoError, KeyError) as exc:
        report.fail("result", f"cannot be recomputed: {exc}")
        return
    if result.included != expected.included or result.withheld != expected.withheld:
        report.fail(
            "result",
            f"included {list(result.included)} and withheld {list(result.withheld)}, expected "
            f"{list(expected.included)} and {list(expected.withheld)}",
        )
    if result.questions != expected.questions:
        report.fail("result", "the weighted scores are not those recomputed from the counts")
    if not report.failures["result"]:
        report.passed(
            "result",
            f"weighted scores recomputed exactly over {plural(len(expected.included), 'college')}",
        )
