"""Every check on a record, in order (:func:`verify_record`): the format and encodings here, the
rest in :mod:`.manifest`, :mod:`.board` and :mod:`.count`."""

from __future__ import annotations

from collections.abc import Sequence

from intercoop_tools.crypto.errors import EncodingError
from intercoop_tools.crypto.group import parse_hex
from intercoop_tools.crypto.jsonshape import describe
from intercoop_tools.record.document import expect_board, expect_record_object
from intercoop_tools.record.encoding import FORMAT, READABLE_VERSIONS
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.record.result import Result
from intercoop_tools.record.tally import Tally
from intercoop_tools.verify.board import check_ballots, check_board, check_expected_heads
from intercoop_tools.verify.count import (
    check_decryption,
    check_result,
    check_tally,
    check_withheld,
)
from intercoop_tools.verify.entries import check_board_entries
from intercoop_tools.verify.manifest import check_ceremony, check_manifest
from intercoop_tools.verify.report import ExpectedHead, Report, new_report, plural


def verify_record(
    value: object, *, jobs: int = 1, expected_heads: Sequence[ExpectedHead] = ()
) -> Report:
    """Run every check on a record (the JSON value of the file); ``expected_heads`` are heads
    of the board noted earlier, each checked by ``board.expected_head``."""
    report = new_report(expected_heads=expected_heads)
    try:
        obj = expect_record_object(value)
    except EncodingError as exc:
        report.fail("format", str(exc))
        return report
    version = obj["version"]
    if obj["format"] != FORMAT:
        report.fail("format", f"format is {describe(obj['format'])}, expected {FORMAT!r}")
    # ``type(...) is int``: in Python ``True == 1`` and ``1.0 == 1``, and neither is a version.
    if type(version) is not int or version not in READABLE_VERSIONS:
        readable = " or ".join(str(v) for v in READABLE_VERSIONS)
        report.fail(
            "format", f"version must be the JSON integer {readable}, found {describe(version)}"
        )
    if report.failures["format"] or type(version) is not int:
        return report
    report.passed("format", f"{FORMAT} version {version}")

    try:
        manifest = Manifest.from_json(obj["manifest"])
        stated_manifest_hash = parse_hex(obj["manifest_hash"], length=32, where="manifest_hash")
        board = expect_board(obj["board"])
    except EncodingError as exc:
        report.fail("encodings", str(exc))
        return report
    description = manifest.description
    params = description.params()
    tally: Tally | None = None
    result: Result | None = None
    try:
        tally = Tally.from_json(obj["tally"], params=params)
    except EncodingError as exc:
        report.fail("encodings", str(exc))
    try:
        result = Result.from_json(obj["result"])
    except EncodingError as exc:
        report.fail("encodings", str(exc))

    check_manifest(report, manifest, obj["manifest"], stated_manifest_hash, version=version)
    check_ceremony(report, manifest, params)

    # Everything below uses the manifest hash as stated: if it is wrong, manifest.hash fails,
    # and the ballots' proofs (bound to the true hash by honest voters) fail too.
    outcomes = check_board_entries(
        board.entries,
        specs=description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=stated_manifest_hash,
        jobs=jobs,
    )
    decoded = [o for o in outcomes if o.encoding is None]
    for o in outcomes:
        if o.encoding is not None:
            report.fail("encodings", o.encoding)
    if not report.failures["encodings"]:
        report.passed(
            "encodings", f"manifest, {plural(len(outcomes), 'board entry')}, tally and result"
        )
    check_board(report, decoded, len(outcomes), board.head, stated_manifest_hash)
    if expected_heads:
        check_expected_heads(report, decoded, len(outcomes), stated_manifest_hash, expected_heads)
    counted = check_ballots(report, manifest, decoded)
    if tally is None:
        return report
    sums = check_tally(report, manifest, decoded, counted, tally)
    check_decryption(report, manifest, params, tally, stated_manifest_hash)
    check_withheld(report, manifest, tally, sums)
    if result is not None:
        check_result(report, manifest, tally, sums, result)
    return report
