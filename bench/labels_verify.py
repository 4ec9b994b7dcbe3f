"""Time of the labels' credential core: verifying (and signing) the Open Badges 3.0 vector and
the Data Integrity EdDSA vectors, median and p95 of N runs after one warm-up run (which loads
and processes the held contexts once per process, as a server does). The wall-clock figures
grow when other work shares the cores; the median CPU time of the process does much less.

    .venv/bin/python bench/labels_verify.py --runs 50

Reads the vectors from ../shared/standards beside the checkout; fetches nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intercoop.labels.vc.dataintegrity import sign, verify
from intercoop.labels.vc.keys import ResolvedKey, secret_key_from_multibase
from intercoop.labels.vc.rdf import canonical_nquads

STANDARDS = Path(__file__).resolve().parents[2] / "shared/standards"
EDDSA = STANDARDS / "vc-di-eddsa/TestVectors"
OB3 = STANDARDS / "ob3-eddsa-rdfc-2022"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _time(runs: int, work: Callable[[], object]) -> tuple[float, float, float]:
    work()
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * runs) - 1)], statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs

    badge = _load(OB3 / "signed-ob3-credential.json")
    pair = _load(OB3 / "keypair.json")
    key = ResolvedKey(bytes.fromhex(pair["publicKeyHex"]), pair["controller"])
    unsigned = {k: v for k, v in badge.items() if k != "proof"}
    seed = secret_key_from_multibase(pair["secretKeyMultibase"])
    rdfc = _load(EDDSA / "eddsa-rdfc-2022/signedDataInt.json")
    jcs = _load(EDDSA / "eddsa-jcs-2022/signedJCS.json")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("OB3 vector: verify (eddsa-rdfc-2022)", lambda: verify(badge, resolve_key=lambda _: key)),
        (
            "OB3 vector: sign (eddsa-rdfc-2022)",
            lambda: sign(
                unsigned,
                secret_key=seed,
                verification_method=pair["verificationMethod"],
                created=badge["proof"]["created"],
            ),
        ),
        ("OB3 vector: canonical N-Quads of the document", lambda: canonical_nquads(unsigned)),
        ("vc-di-eddsa vector: verify eddsa-rdfc-2022", lambda: verify(rdfc)),
        ("vc-di-eddsa vector: verify eddsa-jcs-2022", lambda: verify(jcs)),
    ]
    print(f"{'what':52} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}   ({runs} runs)")
    for name, work in cases:
        p50, p95, cpu = _time(runs, work)
        print(f"{name:52} {p50:8.2f} {p95:8.2f} {cpu:8.2f}")


if __name__ == "__main__":
    main()
