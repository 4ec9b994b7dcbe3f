"""``intercoop-credentials``, the command line: ``make`` (the keys file and the codes CSV from a
voters file) and ``letters`` (printable letters for the voters without an email address)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from intercoop_tools.credential_letters import LANGUAGES, letter_html
from intercoop_tools.credentials.formats import (
    CredentialFileError,
    codes_csv,
    letter_rows,
    make_credentials,
    parse_json,
    parse_keys_file,
    parse_voters_file,
    read_codes_csv,
)
from intercoop_tools.trustee.formats import (
    TrusteeFileError,
    dumps,
    fingerprint,
)
from intercoop_tools.trustee.storage import write_file_atomically

# --- files --------------------------------------------------------------------------------------


def _read_json_file(path: Path, *, label: str) -> object:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CredentialFileError(f"cannot read the {label} {path}: {exc.strerror or exc}") from exc
    return parse_json(data, label=f"{label} {path}")


def _write(path: Path, data: bytes, *, secret: bool) -> None:
    """Write a new file atomically (never replacing one); mode 0600 for a secret one."""
    try:
        write_file_atomically(path, data, secret=secret, create=True)
    except TrusteeFileError as exc:
        raise CredentialFileError(exc.message) from exc


# --- command line -------------------------------------------------------------------------------


def _cmd_make(args: argparse.Namespace) -> None:
    voters_path, keys_path, codes_path = Path(args.voters), Path(args.keys), Path(args.codes)
    if keys_path.resolve() == codes_path.resolve():
        raise CredentialFileError("--keys and --codes are the same file")
    for path in (keys_path, codes_path):
        if path.exists() or path.is_symlink():
            raise CredentialFileError(f"{path} already exists; it was not replaced")
    voters = parse_voters_file(_read_json_file(voters_path, label="voters file"))
    keys, rows = make_credentials(voters)
    codes = codes_csv(rows)
    del rows
    _write(codes_path, codes, secret=True)
    try:
        _write(keys_path, dumps(keys), secret=False)
    except CredentialFileError:
        # Without the keys file the codes are worth nothing: leave neither.
        with suppress(OSError):
            codes_path.unlink()
        raise
    colleges = sorted({entry["college"] for entry in voters.voters})
    no_email = sum(1 for entry in voters.voters if not entry["email"])
    print(
        f"{len(voters.voters)} credentials made for election {voters.election_id} "
        f"({len(colleges)} college(s): {', '.join(colleges)}).\n"
        f"Voters fingerprint: {fingerprint(voters.voters_hash)}\n"
        f"Next: hand in {keys_path} (the public keys) on the credential authority's page.\n"
        f"{codes_path} is SECRET (readable by you only): send each voter their code by mail "
        "merge, then destroy it and every copy. Give it to no one, not even the server."
    )
    if no_email:
        print(
            f"warning: {no_email} voter(s) have no email address: print their credential "
            f"letters with: intercoop-credentials letters {voters_path} --keys {keys_path} "
            f"--codes {codes_path} --out letters.html --booth-url URL",
            file=sys.stderr,
        )


def _cmd_letters(args: argparse.Namespace) -> None:
    voters_path, keys_path, codes_path = Path(args.voters), Path(args.keys), Path(args.codes)
    out_path = Path(args.out)
    if out_path.exists() or out_path.is_symlink():
        raise CredentialFileError(f"{out_path} already exists; it was not replaced")
    if not args.booth_url.startswith(("https://", "http://")):
        raise CredentialFileError(
            "--booth-url: give the booth's whole address, starting with https:// (the "
            "credential authority's page shows it)"
        )
    voters = parse_voters_file(_read_json_file(voters_path, label="voters file"))
    keys = parse_keys_file(
        _read_json_file(keys_path, label="keys file"),
        election_id=voters.election_id,
        description_hash=voters.description_hash,
        voters_hash=voters.voters_hash,
        voters=[entry["voter"] for entry in voters.voters],
    )
    try:
        codes = codes_path.read_bytes()
    except OSError as exc:
        raise CredentialFileError(
            f"cannot read the codes CSV {codes_path}: {exc.strerror or exc}"
        ) from exc
    rows = letter_rows(voters, keys, read_codes_csv(codes))
    if not args.all:
        rows = [row for row in rows if not row["email"]]
        if not rows:
            raise CredentialFileError(
                "every voter has an email address: there is no letter to print (--all prints "
                "one for every voter)"
            )
    html = letter_html(
        rows,
        title=args.title or voters.election_id,
        booth_url=args.booth_url,
        language=args.language,
    )
    count = len(rows)
    del rows
    _write(out_path, html.encode("utf-8"), secret=True)
    who = "every voter" if args.all else "the voters without an email address"
    print(
        f"{count} letter(s) for election "
        f"{voters.election_id} written to {out_path}, for {who}.\n"
        f"{out_path} is SECRET (readable by you only): open it in a browser and print it (one "
        "letter per page), put each letter in a sealed envelope, hand it out or post it, then "
        "destroy the file and every copy."
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intercoop-credentials",
        description=(
            "The credential authority's tool for an Intercoop vote with verifiable ballots: it "
            "makes every voter's credential on this machine. The server receives only the "
            "public keys file; the codes CSV is secret, sent to the voters by you (by email, "
            "or on the printed letters of the letters step), then destroyed. See "
            "docs/credential-authority.md."
        ),
    )
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")
    summary = "make a credential per voter: the public keys file and the secret codes CSV"
    make = steps.add_parser("make", help=summary, description=summary)
    make.add_argument(
        "voters", metavar="VOTERS_FILE", help="the voters file the authority's page gave you"
    )
    make.add_argument(
        "--keys",
        required=True,
        metavar="KEYS_OUT",
        help="where to write the public keys file (to hand in); must not exist",
    )
    make.add_argument(
        "--codes",
        required=True,
        metavar="CODES_CSV",
        help=(
            "where to write the secret codes CSV (name,email,college,code; mode 0600) for the "
            "mail merge; must not exist"
        ),
    )
    make.set_defaults(run=_cmd_make)
    summary = (
        "print a credential letter (HTML, one page each) for each voter without an email "
        "address, from the files make wrote"
    )
    letters = steps.add_parser("letters", help=summary, description=summary)
    letters.add_argument("voters", metavar="VOTERS_FILE", help="the voters file given to make")
    letters.add_argument(
        "--keys", required=True, metavar="KEYS_FILE", help="the keys file make wrote"
    )
    letters.add_argument(
        "--codes", required=True, metavar="CODES_CSV", help="the codes CSV make wrote"
    )
    letters.add_argument(
        "--out",
        required=True,
        metavar="LETTERS_HTML",
        help="where to write the letters (secret, mode 0600); must not exist",
    )
    letters.add_argument(
        "--booth-url",
        required=True,
        metavar="URL",
        help="the address of the booth for credential letters (the authority's page gives it)",
    )
    letters.add_argument("--title", default="", help="the vote's title, printed on each letter")
    letters.add_argument(
        "--language", choices=LANGUAGES, default="en", help="the letters' language (default: en)"
    )
    letters.add_argument(
        "--all",
        action="store_true",
        help="a letter for every voter, not only for those without an email address",
    )
    letters.set_defaults(run=_cmd_letters)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except CredentialFileError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
