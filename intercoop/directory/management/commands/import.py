"""``intercoop import FORMAT FILE_OR_URL``: import organizations from an open-data file, or
from a Murmurations profile (a file, or the address where it is published)."""

from __future__ import annotations

import hashlib
import http.client
import io
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from intercoop.core.errors import ServiceError
from intercoop.directory import services
from intercoop.directory.importers import coops_uk, generic_csv, murmurations

# Each reader has parse(stream), SOURCE, LICENCE, ATTRIBUTION, EXTRA_FIELDS (the optional
# fields it owns), FileRefused, URL_MAX_BYTES: None when it reads files only; otherwise
# parse also takes the url it was fetched from; and BUNDLED: the path of the copy shipped with
# Intercoop (--bundled), or None. A reader whose SOURCE is empty (the generic
# CSV format) takes its source, licence and attribution from --source, --licence, --attribution.
FORMATS = {"coops-uk": coops_uk, "csv": generic_csv, "murmurations": murmurations}
_SOURCE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ERRORS_SHOWN = 50
FETCH_TIMEOUT = 10  # seconds
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.IGNORECASE)
_JSON_TYPES = re.compile(r"^(application/json|application/[a-z0-9.+-]*\+json|text/plain)$")


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not newurl.lower().startswith(("http://", "https://")):
            raise CommandError(f"{req.full_url}: redirected to {newurl}, not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, max_bytes: int) -> bytes:
    """The JSON document at an http(s) address, at most ``max_bytes`` long."""
    request = urllib.request.Request(  # noqa: S310 -- the caller allows http(s) only
        url, headers={"Accept": "application/json", "User-Agent": "Intercoop import"}
    )
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            content_type = response.headers.get_content_type()
            # text/plain too: raw file hosts serve published profiles as plain text.
            if not _JSON_TYPES.match(content_type):
                raise CommandError(f"{url}: the server sent {content_type}, not JSON")
            too_large = CommandError(f"{url}: larger than {max_bytes // 1024} KB, so not read")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise too_large
            data: bytes = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise too_large
            return data
    except urllib.error.HTTPError as exc:
        raise CommandError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise CommandError(f"{url}: cannot be fetched: {exc.reason}") from None
    except TimeoutError:
        raise CommandError(f"{url}: no answer within {FETCH_TIMEOUT} seconds") from None
    except (http.client.HTTPException, OSError) as exc:
        raise CommandError(f"{url}: cannot be fetched: {exc}") from None


class Command(BaseCommand):
    help = (
        "Import organizations from a file. The import is all or nothing and idempotent: "
        "importing the same file again updates records in place and never duplicates them."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("format", choices=sorted(FORMATS), help="The file's format.")
        parser.add_argument(
            "file",
            nargs="?",
            help="The file to import, or the http(s) address of a Murmurations profile.",
        )
        parser.add_argument(
            "--bundled",
            action="store_true",
            help="Import the copy shipped with Intercoop instead of a file (coops-uk: the "
            "Co-operatives UK open data of 2023, ODC-By 1.0).",
        )
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Import the good rows and skip (and report) the bad ones.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--source",
            help="For csv (required): where the records come from, a short name such as "
            "my-federation. Records are matched on it and their id on re-import.",
        )
        parser.add_argument("--licence", help="For csv: the data's licence, e.g. ODC-By-1.0.")
        parser.add_argument("--attribution", help="For csv: the attribution the licence asks.")

    def _provenance(self, reader: Any, opts: dict[str, Any]) -> tuple[str, str, str]:
        """The (source, licence, attribution) recorded with each imported record."""
        given = [f"--{k}" for k in ("source", "licence", "attribution") if opts.get(k)]
        if reader.SOURCE:
            if given:
                raise CommandError(
                    f"{', '.join(given)}: a {opts['format']} file names its own source"
                )
            return reader.SOURCE, reader.LICENCE, reader.ATTRIBUTION
        source = opts.get("source") or ""
        if not source:
            raise CommandError(
                f"a {opts['format']} file needs --source NAME: where its records come from"
            )
        reserved = {r.SOURCE for r in FORMATS.values() if r.SOURCE}
        if not _SOURCE_NAME.match(source) or len(source) > 50 or source in reserved:
            raise CommandError(
                f"--source {source!r}: not a short name of lower-case letters, digits and "
                f"hyphens (at most 50), other than {', '.join(sorted(reserved))}"
            )
        licence, attribution = opts.get("licence") or "", opts.get("attribution") or ""
        if len(licence) > 100 or len(attribution) > 300:
            raise CommandError("--licence is at most 100 characters, --attribution 300")
        return source, licence, attribution

    def _file(self, reader: Any, opts: dict[str, Any]) -> str:
        """The file or address to read: the one given, or with --bundled the shipped copy."""
        if not opts.get("bundled"):
            if not opts.get("file"):
                raise CommandError("name the file to import (or use --bundled for coops-uk)")
            return str(opts["file"])
        if opts.get("file"):
            raise CommandError("--bundled imports the shipped copy: name no file with it")
        if reader.BUNDLED is None:
            shipped = ", ".join(sorted(k for k, r in FORMATS.items() if r.BUNDLED is not None))
            raise CommandError(f"no {opts['format']} file ships with Intercoop (only: {shipped})")
        if not reader.BUNDLED.is_file():
            raise CommandError(f"the shipped copy is missing: {reader.BUNDLED}")
        return str(reader.BUNDLED)

    def handle(self, *args: Any, **opts: Any) -> None:
        reader = FORMATS[opts["format"]]
        origin, licence, attribution = self._provenance(reader, opts)
        source = self._file(reader, opts)
        scheme = _SCHEME.match(source)
        url = source if scheme else ""
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            raise CommandError(f"{source}: only http and https addresses can be fetched")
        if url and reader.URL_MAX_BYTES is None:
            raise CommandError(f"{source}: a {opts['format']} file is imported from a file only")
        path = Path(source)
        name = url or path.name
        if url:
            data = fetch(url, max_bytes=reader.URL_MAX_BYTES)
        else:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{source}: not UTF-8 text (byte {exc.start}).") from None
        stream = io.StringIO(text, newline="")
        try:
            parsed = reader.parse(stream, url=url) if url else reader.parse(stream)
        except reader.FileRefused as exc:
            raise CommandError(f"{source}: {exc}") from None

        for error in parsed.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"{source}: {error}")
        if len(parsed.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… and {len(parsed.errors) - MAX_ERRORS_SHOWN} more rows.")

        bar = tqdm(
            total=len(parsed.records),
            unit=" rows",
            desc=f"Importing {name}",
            disable=opts["no_progress"],
            file=sys.stderr,
        )
        try:
            run = services.organizations_import(
                source=origin,
                licence=licence,
                attribution=attribution,
                parsed=parsed,
                file_name=name[:300],
                file_sha256=hashlib.sha256(data).hexdigest(),
                skip_bad_rows=opts["skip_bad_rows"],
                extra_fields=reader.EXTRA_FIELDS,
                progress=bar.update,
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        finally:
            bar.close()
        for warning in run.warnings:
            self.stderr.write(f"{source}: warning: {warning}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.rows} rows: {run.created} created, {run.updated} updated, "
                f"{run.unchanged} unchanged, {run.skipped} skipped."
                + (f" Attribution: {attribution}." if attribution else "")
            )
        )
