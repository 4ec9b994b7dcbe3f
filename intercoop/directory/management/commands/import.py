"""``intercoop import coops-uk FILE``: import organizations from an open-data file."""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from intercoop.core.errors import ServiceError
from intercoop.directory import services
from intercoop.directory.importers import coops_uk

FORMATS = {"coops-uk": coops_uk}
MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import organizations from a file. The import is all or nothing and idempotent: "
        "importing the same file again updates records in place and never duplicates them."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("format", choices=sorted(FORMATS), help="The file's format.")
        parser.add_argument("file", type=Path, help="The file to import.")
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Import the good rows and skip (and report) the bad ones.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **opts: Any) -> None:
        reader = FORMATS[opts["format"]]
        path: Path = opts["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 text (byte {exc.start}).") from None
        try:
            parsed = reader.parse(io.StringIO(text, newline=""))
        except reader.FileRefused as exc:
            raise CommandError(f"{path}: {exc}") from None

        for error in parsed.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"{path}: {error}")
        if len(parsed.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… and {len(parsed.errors) - MAX_ERRORS_SHOWN} more rows.")

        bar = tqdm(
            total=len(parsed.records),
            unit=" rows",
            desc=f"Importing {path.name}",
            disable=opts["no_progress"],
            file=sys.stderr,
        )
        try:
            run = services.organizations_import(
                source=reader.SOURCE,
                licence=reader.LICENCE,
                attribution=reader.ATTRIBUTION,
                parsed=parsed,
                file_name=path.name,
                file_sha256=hashlib.sha256(data).hexdigest(),
                skip_bad_rows=opts["skip_bad_rows"],
                progress=bar.update,
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        finally:
            bar.close()
        for warning in run.warnings:
            self.stderr.write(f"{path}: warning: {warning}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.rows} rows: {run.created} created, {run.updated} updated, "
                f"{run.unchanged} unchanged, {run.skipped} skipped. "
                f"Attribution: {reader.ATTRIBUTION}."
            )
        )
