"""``intercoop-trustee``: the command line of a trustee's steps (``start``, ``shares``, ``finish``,
``decrypt``). Each step reads the files it is given, writes its output file, then the secret file;
a step either completes or leaves nothing.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from intercoop_tools.trustee.board import BOARD_LABEL, parse_board_file
from intercoop_tools.trustee.ceremony import (
    finish,
    make_shares,
    parse_commitments_file,
    parse_shares_for_file,
    start,
)
from intercoop_tools.trustee.decryption import decrypt
from intercoop_tools.trustee.formats import (
    FORMAT_SECRET,
    Secret,
    TrusteeFileError,
    dumps,
    fingerprint,
    parse_description_file,
    parse_secret_file,
)
from intercoop_tools.trustee.storage import read_json_file, write_file_atomically
from intercoop_tools.trustee.tally import parse_tally_file


def _is_secret_file(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return f'"{FORMAT_SECRET}"'.encode() in head


def _check_output(out: Path, secret_path: Path) -> None:
    """The output is public: it may never be the secret file, or any trustee's secret file."""
    if out.exists() and (out.resolve() == secret_path.resolve() or _is_secret_file(out)):
        raise TrusteeFileError(
            f"{out} is a secret file; it was not replaced (choose another --out)"
        )
    if out.resolve() == secret_path.resolve():
        raise TrusteeFileError("--out and --secret are the same file")


def _load_secret(path: Path) -> Secret:
    if os.name == "posix":
        with suppress(OSError):
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                print(
                    f"warning: {path} can be read by other users of this machine; "
                    f"run: chmod 600 {path}",
                    file=sys.stderr,
                )
    return parse_secret_file(read_json_file(path, label="secret file"))


def _write_output_then_secret(
    out: Path, output: object, secret_path: Path, secret: Secret | None, *, create: bool = False
) -> None:
    """Write the step's output, then the secret file (``None``: unchanged). If the secret cannot
    be written, the output is removed again: a step either completes or leaves nothing."""
    write_file_atomically(out, dumps(output), secret=False)
    if secret is None:
        return
    try:
        write_file_atomically(secret_path, dumps(secret.to_json()), secret=True, create=create)
    except TrusteeFileError:
        with suppress(OSError):
            out.unlink()
        raise


# --- command line -------------------------------------------------------------------------------


def _cmd_start(args: argparse.Namespace) -> None:
    secret_path, out = Path(args.secret), Path(args.out)
    if secret_path.exists():
        raise TrusteeFileError(
            f"{secret_path} already exists; it was not replaced (a secret file is made once per "
            "election: keep the one you have, or choose another name)"
        )
    _check_output(out, secret_path)
    description = parse_description_file(
        read_json_file(Path(args.description), label="description file")
    )
    secret, commitment = start(description)
    _write_output_then_secret(out, commitment, secret_path, secret, create=True)
    description_of = secret.description
    print(
        f"Election {description_of.election_id}: {description_of.title!r}, "
        f"{len(description_of.questions)} question(s), {len(description_of.colleges)} "
        f"college(s).\n"
        f"Description fingerprint: {fingerprint(secret.description_hash)}\n"
        f"You are trustee {secret.trustee} of {description_of.trustees}; any "
        f"{description_of.threshold} of you can decrypt.\n"
        f"Secret written to {secret_path}: keep it safe and private; it never leaves your "
        "hands.\n"
        f"Next: upload {out} (your commitment) on the ceremony page."
    )


def _cmd_shares(args: argparse.Namespace) -> None:
    secret_path, out = Path(args.secret), Path(args.out)
    _check_output(out, secret_path)
    secret = _load_secret(secret_path)
    commitments = parse_commitments_file(
        read_json_file(Path(args.commitments), label="commitments file"),
        description=secret.description,
        description_hash=secret.description_hash,
    )
    updated, shares = make_shares(secret, commitments)
    _write_output_then_secret(out, shares, secret_path, None if updated == secret else updated)
    digest = commitments.hash()
    print(
        f"The commitments of all {len(commitments.entries)} trustees verify.\n"
        f"Commitments fingerprint: {fingerprint(digest)}\n"
        "Before you upload, compare this fingerprint with the other trustees over another "
        "channel (in person, by phone). If it differs, upload nothing: the server is showing "
        "trustees different commitments.\n"
        f"Next: upload {out} (your encrypted shares) on the ceremony page."
    )


def _cmd_finish(args: argparse.Namespace) -> None:
    secret_path, out = Path(args.secret), Path(args.out)
    _check_output(out, secret_path)
    secret = _load_secret(secret_path)
    shares_for_you = parse_shares_for_file(
        read_json_file(Path(args.shares), label="shares-for-you file"),
        description=secret.description,
        description_hash=secret.description_hash,
        recipient=secret.trustee,
    )
    finished, confirmation = finish(secret, shares_for_you)
    _write_output_then_secret(out, confirmation, secret_path, finished)
    assert finished.public_key is not None  # noqa: S101 - set by finish
    print(
        f"Every share checks out. Your key share is in {secret_path} (the polynomial was "
        "deleted).\n"
        f"Joint public key: {fingerprint(finished.public_key.data)}\n"
        "Compare it with the other trustees; `decrypt` will check it against the election's "
        "manifest.\n"
        f"Next: upload {out} (your confirmation) on the ceremony page."
    )


def _cmd_decrypt(args: argparse.Namespace) -> None:
    secret_path, out = Path(args.secret), Path(args.out)
    _check_output(out, secret_path)
    secret = _load_secret(secret_path)
    tally = parse_tally_file(read_json_file(Path(args.tally), label="tally file"))
    board = (
        None
        if args.board is None
        else parse_board_file(read_json_file(Path(args.board), label=BOARD_LABEL))
    )
    decryption = decrypt(secret, tally, board)
    write_file_atomically(out, dumps(decryption), secret=False)
    count = sum(len(row) for _, questions in tally.colleges for row in questions)
    names = ", ".join(college for college, _ in tally.colleges) or "none"
    given = {college for college, _ in tally.colleges}
    withheld = [c.id for c in tally.manifest.description.colleges if c.id not in given]
    checked = (
        ""
        if board is None
        else (
            f"Checked against the board: {len(board.entries)} entries, head "
            f"{fingerprint(board.head)}; every ballot verifies, and the sums are those of the "
            "counted ballots of exactly the colleges that reach their minimum (withheld: "
            f"{', '.join(withheld) or 'none'}).\n"
        )
    )
    print(
        f"{checked}"
        f"{count} decryption share(s) for {len(tally.colleges)} college(s) ({names}) of "
        f"election {secret.description.election_id}, manifest hash "
        f"{fingerprint(tally.manifest_hash)}.\n"
        f"Next: upload {out} (your decryption) on the decryption page."
    )
    if board is None:
        print(
            "warning: the sums were not checked against the public board (no --board): they "
            "could be a single ballot's or a withheld college's; pass --board board.json",
            file=sys.stderr,
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intercoop-trustee",
        description=(
            "A trustee's side of an Intercoop key ceremony and decryption. Your secret file "
            "stays on this machine; you upload only the files this tool writes with --out. "
            "See docs/trustees.md."
        ),
    )
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")

    def step(
        name: str, input_name: str, input_help: str, out_help: str, summary: str
    ) -> argparse.ArgumentParser:
        sub = steps.add_parser(name, help=summary, description=summary)
        sub.add_argument(input_name, metavar=input_name.upper() + "_FILE", help=input_help)
        sub.add_argument("--secret", required=True, metavar="SECRET_FILE", help="your secret file")
        sub.add_argument("--out", required=True, metavar="FILE", help=out_help)
        return sub

    step(
        "start",
        "description",
        "the description file the ceremony page gave you",
        "where to write your commitment (to upload)",
        "1. create your secret file and your commitment",
    ).set_defaults(run=_cmd_start)
    step(
        "shares",
        "commitments",
        "the commitments file of all trustees",
        "where to write your encrypted shares (to upload)",
        "2. check everyone's commitments and encrypt your shares for the other trustees",
    ).set_defaults(run=_cmd_shares)
    step(
        "finish",
        "shares",
        "the shares-for-you file (the shares the others dealt you)",
        "where to write your confirmation (to upload)",
        "3. check the shares you received and keep your key share",
    ).set_defaults(run=_cmd_finish)
    decrypt_step = step(
        "decrypt",
        "tally",
        "the tally file to decrypt",
        "where to write your decryption shares (to upload)",
        "4. check the tally against the public board, then decrypt the published colleges' "
        "tallies with your key share",
    )
    decrypt_step.add_argument(
        "--board",
        metavar="BOARD_FILE",
        help=(
            "the election's public board (board.json); the sums are checked against it before "
            "anything is decrypted. Always pass it: without it the sums are not checked"
        ),
    )
    decrypt_step.set_defaults(run=_cmd_decrypt)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except TrusteeFileError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
