"""Labels against the Digital Credentials Consortium's Node verifier, and labels in bulk.

1. Verifying an Open Badges 3.0 credential signed eddsa-rdfc-2022, on the same credentials in
   the same run: the OB3 vector (its verification method is a URL; its key comes from its key
   pair file, as bench/labels_verify.py does) and a label this app issues. Our core
   (``dataintegrity.verify``, in process) against @digitalcredentials/vc with its
   eddsa-rdfc-2022 cryptosuite (``intercoop/labels/tests/dcc/verify.mjs``, one Node process,
   offline, the same held contexts, key material in memory). Each side warms up, then times
   each of RUNS verifications: the proof and, for the DCC, the data model checks of
   ``verifyCredential`` (neither side reads the status lists here).
2. Issuing COUNT labels from one CSV file (``services.credentials_import``, emails to the
   local memory backend), on a fresh SQLite database.
3. Verifying those COUNT labels as the site's verifier does (``verifier.verify_credential``:
   proof, issuer, dates, both status lists read and their proofs checked), on PROCS processes.

    .venv/bin/python bench/labels_vs_dcc.py --runs 200 --count 10000 --procs 2

``--profile FILE`` writes the import's cProfile to FILE and prints its top functions. Reads the
OB3 vector from ../shared/standards beside the checkout; fetches nothing. Needs node and
``npm ci`` for part 1 (it is skipped, with the reason, without them).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import json
import multiprocessing
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OB3 = ROOT.parent / "shared/standards/ob3-eddsa-rdfc-2022"


def _django(data_dir: Path) -> None:
    os.environ["INTERCOOP_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("INTERCOOP_TASKS", "immediate")
    os.environ.setdefault("INTERCOOP_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "intercoop.settings"
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    django.setup()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command("collectstatic", interactive=False, verbosity=0)  # pages render with them


def _percentiles(times: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Timing:
    first_ms: float  # the first call, cold
    wall_ms: list[float]
    cpu_ms: list[float]

    def row(self) -> str:
        p50, p95 = _percentiles(self.wall_ms)
        return f"{self.first_ms:7.1f} {p50:7.2f} {p95:7.2f} {statistics.median(self.cpu_ms):7.2f}"


def _time(runs: int, work: Callable[[], object]) -> Timing:
    start = time.perf_counter()
    work()
    first = (time.perf_counter() - start) * 1000
    for _ in range(max(5, runs // 5) - 1):
        work()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Timing(first, wall, cpu)


_DOCUMENTS: list[str] = []  # set before the processes are forked: they inherit it


def _verify_chunk(job: tuple[int, int, bool]) -> tuple[int, int, float]:
    """Verify every ``step``-th document from ``start``: (valid, total, CPU seconds). With
    ``cached``, each
    status list and each key is read and checked once per process, as a verifier that keeps
    what it fetched does; without, ``verify_credential`` reads and checks them every time."""
    from django.db import connection

    from intercoop.labels.verifier import verify_credential

    connection.close()  # a connection of its own, not the parent's
    start, step, cached = job
    mine = _DOCUMENTS[start::step]
    check = _cached_verifier() if cached else (lambda d: verify_credential(d).ok)
    start_cpu = time.process_time()
    valid = sum(check(json.loads(d)) for d in mine)
    cpu = time.process_time() - start_cpu
    connection.close()
    return valid, len(mine), cpu


def _cached_verifier() -> Callable[[dict[str, Any]], bool]:
    """The core plus status decoding: the proof, the issuer's key, the dates and each status
    entry's bit, with the keys and the verified, decoded lists kept by URL."""
    from datetime import UTC, datetime

    from intercoop.labels import selectors
    from intercoop.labels.vc import dataintegrity, statuslist
    from intercoop.labels.vc.keys import ResolvedKey

    keys: dict[str, ResolvedKey] = {}
    lists: dict[str, tuple[str, str, bytes]] = {}  # url -> issuer, purpose, bits

    def key(method: str) -> ResolvedKey:
        if method not in keys:
            keys[method] = selectors.local_key(method)
        return keys[method]

    def status_list(url: str) -> tuple[str, str, bytes]:
        if url not in lists:
            found = selectors.status_list_document(url)
            if found is None:
                raise SystemExit(f"status list {url} not found")
            published = json.loads(found)
            proof = dataintegrity.verify(published, resolve_key=key)
            subject = published["credentialSubject"]
            bits = statuslist.decode(subject["encodedList"])
            lists[url] = (proof.controller, subject["statusPurpose"], bits)
        return lists[url]

    def check(document: dict[str, Any]) -> bool:
        proof = dataintegrity.verify(document, resolve_key=key)
        issuer = document["issuer"]
        if (issuer["id"] if isinstance(issuer, dict) else issuer) != proof.controller:
            return False
        valid_from = datetime.fromisoformat(document["validFrom"].replace("Z", "+00:00"))
        if valid_from > datetime.now(UTC):
            return False
        for entry in document["credentialStatus"]:
            controller, purpose, bits = status_list(entry["statusListCredential"])
            if controller != proof.controller or purpose != entry["statusPurpose"]:
                return False
            if statuslist.get_bit(bits, int(entry["statusListIndex"])):
                return False
        return True

    return check


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed verifications (part 1)")
    parser.add_argument("--count", type=int, default=10_000, help="labels issued (parts 2, 3)")
    parser.add_argument("--procs", type=int, default=2, help="processes verifying (part 3)")
    parser.add_argument("--profile", type=Path, help="write the import's cProfile here")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="intercoop-bench-labels-"))
    _django(data_dir)

    from django.db import connection

    from intercoop.labels import selectors, services
    from intercoop.labels.models import Credential
    from intercoop.labels.tests import dcc
    from intercoop.labels.vc.dataintegrity import verify
    from intercoop.labels.vc.keys import ResolvedKey
    from intercoop.labels.verifier import verify_credential
    from intercoop.organizations.models import Role
    from intercoop.testing.factories import OrganizationFactory, RoleFactory, UserFactory

    texts = {
        f"{field}_{lang}": f"{field} ({lang})"
        for field in ("name", "description", "criteria")
        for lang in ("en", "fr", "es")
    }
    organization = OrganizationFactory.create(name="Bench co-op", slug="bench-coop")
    admin = UserFactory.create(email="admin@example.org", name="Admin")
    RoleFactory.create(organization=organization, user=admin, role=Role.Name.ADMIN)
    issuer = services.issuer_create(organization=organization, by=admin)
    achievement = services.achievement_create(issuer=issuer, by=admin, kind="Course", texts=texts)

    # --- 1. our core against the DCC's Node verifier, same credentials, same run -------------
    vector = json.loads((OB3 / "signed-ob3-credential.json").read_text(encoding="utf-8"))
    pair = json.loads((OB3 / "keypair.json").read_text(encoding="utf-8"))
    label = json.loads(
        services.credential_issue(
            achievement=achievement, by=admin, email="first@example.org", notify=False
        ).credential.document
    )
    did_document = selectors.did_document(issuer)  # what /labels/issuers/<path>/did.json serves
    vector_controller = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": pair["controller"],
        "verificationMethod": [
            {
                "id": pair["verificationMethod"],
                "type": "Multikey",
                "controller": pair["controller"],
                "publicKeyMultibase": pair["publicKeyMultibase"],
            }
        ],
        "assertionMethod": [pair["verificationMethod"]],
    }
    keys = {
        pair["verificationMethod"]: ResolvedKey(
            bytes.fromhex(pair["publicKeyHex"]), pair["controller"]
        ),
        label["proof"]["verificationMethod"]: selectors.local_key(
            label["proof"]["verificationMethod"]
        ),
    }
    cases = [("OB3 vector (1EdTech)", vector), ("a label issued here", label)]
    ours = [
        _time(args.runs, functools.partial(verify, c, resolve_key=keys.__getitem__))
        for _, c in cases
    ]
    full = _time(args.runs, lambda: verify_credential(label))
    reason = dcc.missing()
    theirs: list[Timing] = []
    if reason:
        print(f"DCC verifier skipped: {reason}")
    else:
        lines = dcc.run(
            [c for _, c in cases],
            controllers=[vector_controller, did_document],
            bench_runs=args.runs,
        )
        if not all(line["verified"] for line in lines):
            raise SystemExit(f"the DCC verifier refused: {lines}")
        theirs = [Timing(line["first_ms"], line["times_ms"], line["cpu_ms"]) for line in lines]
    print(f"\n1. verify, eddsa-rdfc-2022 ({args.runs} timed runs each, after a warm-up; ms)")
    head = f"{'first':>7} {'p50':>7} {'p95':>7} {'CPU p50':>7}"
    print(f"{'':28} {'ours':^31} | {'DCC (Node)':^31} | DCC/ours p50")
    print(f"{'credential':28} {head} | {head} | {'wall':>5} {'CPU':>5}")
    for i, (name, _doc) in enumerate(cases):
        if theirs:
            ratio = _percentiles(theirs[i].wall_ms)[0] / _percentiles(ours[i].wall_ms)[0]
            cpu_ratio = statistics.median(theirs[i].cpu_ms) / statistics.median(ours[i].cpu_ms)
            print(
                f"{name:28} {ours[i].row()} | {theirs[i].row()} | {ratio:4.1f}x {cpu_ratio:4.1f}x"
            )
        else:
            print(f"{name:28} {ours[i].row()}")
    print(f"{'label: verify_credential':28} {full.row()}   (proof, issuer, dates, both lists)")

    # --- 2. issuing COUNT labels from one CSV file -------------------------------------------
    csv = "email,name,language\n" + "".join(
        f"learner{n}@example.org,Learner {n},{('en', 'fr', 'es')[n % 3]}\n"
        for n in range(args.count)
    )
    profiler = cProfile.Profile() if args.profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    result = services.credentials_import(achievement=achievement, content=csv.encode(), by=admin)
    if profiler:
        profiler.disable()
    issued_s = time.perf_counter() - start
    if len(result.issued) != args.count:
        raise SystemExit(f"{len(result.issued)} labels issued, not {args.count}")
    print(f"\n2. issue {args.count} labels from one CSV file: {issued_s:.1f} s")
    if profiler and args.profile:
        profiler.dump_stats(args.profile)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())

    # --- 3. verifying them, with their status lists, on PROCS processes -----------------------
    _DOCUMENTS[:] = list(
        Credential.objects.filter(recipient_email__startswith="learner").values_list(
            "document", flat=True
        )
    )
    connection.close()
    for cached, how in (
        (True, "core, each list and key checked once per process"),
        (False, "verify_credential, lists read and checked every time"),
    ):
        start = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(args.procs) as pool:
            done = pool.map(
                _verify_chunk,
                [(i, args.procs, cached) for i in range(args.procs)],
                chunksize=1,
            )
        verified_s = time.perf_counter() - start
        valid, total = sum(d[0] for d in done), sum(d[1] for d in done)
        if not valid == total == args.count:
            raise SystemExit(f"{valid} of {total} labels verified, {args.count} issued")
        print(
            f"\n3. verify {total} labels with their status lists on {args.procs} processes "
            f"({how}): {verified_s:.1f} s ({verified_s / total * 1000 * args.procs:.2f} ms "
            f"a label per process; CPU {sum(d[2] for d in done) / total * 1000:.2f} ms a label)"
        )
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
