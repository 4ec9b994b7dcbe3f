"""The verifiable ballots' benchmark, side by side: Intercoop's and ElectionGuard 1.4.0's.

Run by hand (not a test). Every step runs as a child process, one at a time (the machine has 2
cores), and its wall time, CPU time (user + system of the child and its workers) and peak memory
are appended as one JSON line to ``--results``; at the end a table with the ratios is printed.

Steps (``--steps``, comma-separated, in this order):

* ``micro``: per-ballot medians, ours (``bench/ballots_crypto.py``: encrypt, verify, tally add;
  ``node bench/booth_encrypt.mjs``: encrypt in Node with libsodium.js) and the peer's
  (``bench/peers/electionguard_election.py probe``);
* ``ours``: for each of ``--sizes``, ``intercoop simulate-election`` of that many voters (5
  trustees, threshold 3, 2 absent, 4 colleges, no revote, so exactly that many ballots on the
  board), the homomorphic tally timed on the record's board (``college_sums``), and
  ``intercoop-verify --jobs J`` for each of ``--jobs`` (``--ours-1job-max`` skips 1 job above
  that size);
* ``peer``: for each of ``--peer-sizes``, the ElectionGuard election of that many ballots
  (``generate``, 2 processes), then its verification with each of ``--jobs``.

The peer runs in its own venv, never a dependency of Intercoop. ElectionGuard 1.4.0 does not
import on Python 3.11, so the venv is made with Python 3.10 (``--make-peer-venv`` does it):

    /root/.pyenv/versions/3.10.13/bin/python -m venv /work/bench-venvs/electionguard
    /work/bench-venvs/electionguard/bin/pip install electionguard==1.4.0 hypothesis dacite==1.6.0

(``dacite`` pinned to 1.6.0: with dacite 1.9, ElectionGuard 1.4.0 cannot read back its own
manifest JSON; ``hypothesis``: imported by ``electionguard_tools``, whose ceremony helpers the
peer script uses.)

    .venv/bin/python bench/ballots_vs_electionguard.py --steps micro,ours,peer \\
        --sizes 2000,10000,100000 --peer-sizes 2000 --jobs 1,2 --workdir /tmp/bench-eg

The hidden step ``_tally FILE`` (used by ``ours``) loads one of our records and times
``college_sums`` on its board, decoding excluded.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PEER_VENV = Path("/work/bench-venvs/electionguard")
PEER_PYTHON_BUILD = Path("/root/.pyenv/versions/3.10.13/bin/python")
PEER_SCRIPT = ROOT / "bench" / "peers" / "electionguard_election.py"
OURS_PYTHON = ROOT / ".venv" / "bin" / "python"
OURS_BIN = ROOT / ".venv" / "bin"


def make_peer_venv(build_python: Path) -> None:
    if (PEER_VENV / "bin" / "python").exists():
        print(f"{PEER_VENV} exists")
        return
    subprocess.run([str(build_python), "-m", "venv", str(PEER_VENV)], check=True)  # noqa: S603
    pip = str(PEER_VENV / "bin" / "pip")
    packages = ["electionguard==1.4.0", "hypothesis", "dacite==1.6.0"]
    subprocess.run([pip, "install", *packages], check=True)  # noqa: S603 -- fixed list


def run(cmd: list[str], results: Path, label: dict[str, Any]) -> dict[str, Any]:
    """Run one step as a child process; record wall, CPU (children) and peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"$ {' '.join(cmd)}", flush=True)
    start = time.perf_counter()
    # Our own scripts with our own arguments.
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    row = {
        **label,
        "cmd": " ".join(cmd),
        "returncode": proc.returncode,
        "wall_s": round(wall, 2),
        "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 2),
        "max_rss_mb": round(after.ru_maxrss / 1024),
        "stdout_tail": proc.stdout.strip().splitlines()[-3:],
        "utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    last = proc.stdout.strip().splitlines()[-1:] or [""]
    if last[0].startswith("{"):
        row["output"] = json.loads(last[0])
    if proc.returncode != 0:
        row["stderr_tail"] = proc.stderr.strip().splitlines()[-5:]
    with results.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")
    print(
        f"  -> rc {proc.returncode}, {wall:.1f} s wall, {row['cpu_s']} s CPU, "
        f"{row['max_rss_mb']} MB; {row['stdout_tail'][-1:]}",
        flush=True,
    )
    return row


def step_micro(args: argparse.Namespace) -> None:
    run(
        [str(OURS_PYTHON), "bench/ballots_crypto.py", "--repeat", str(args.repeat)],
        args.results,
        {"side": "ours", "step": "micro-python"},
    )
    run(["node", "bench/booth_encrypt.mjs"], args.results, {"side": "ours", "step": "micro-node"})
    run(
        [
            str(PEER_VENV / "bin" / "python"),
            str(PEER_SCRIPT),
            "probe",
            "--repeat",
            str(args.peer_repeat),
        ],
        args.results,
        {"side": "peer", "step": "micro"},
    )


def step_ours(args: argparse.Namespace) -> None:
    for n in args.sizes:
        record = args.workdir / f"ours-{n}.json.gz"
        run(
            [
                str(OURS_BIN / "intercoop"),
                "simulate-election",
                "--voters",
                str(n),
                "--trustees",
                "5",
                "--threshold",
                "3",
                "--colleges",
                "4",
                "--absent",
                "2",
                "--revotes",
                "0",
                "--jobs",
                "2",
                "--seed",
                "1",
                "--out",
                str(record),
            ],
            args.results,
            {"side": "ours", "step": "generate", "ballots": n, "jobs": 2},
        )
        if n <= args.ours_tally_max:
            run(
                [str(OURS_PYTHON), __file__, "_tally", str(record)],
                args.results,
                {"side": "ours", "step": "tally", "ballots": n},
            )
        for jobs in sorted(args.jobs, reverse=True):
            if jobs == 1 and n > args.ours_1job_max:
                continue
            run(
                [str(OURS_BIN / "intercoop-verify"), str(record), "--jobs", str(jobs)],
                args.results,
                {"side": "ours", "step": "verify", "ballots": n, "jobs": jobs},
            )


def step_peer(args: argparse.Namespace) -> None:
    python = str(PEER_VENV / "bin" / "python")
    for n in args.peer_sizes:
        record = args.workdir / f"eg-{n}"
        if not (record / "tally.json").exists():
            run(
                [
                    python,
                    str(PEER_SCRIPT),
                    "generate",
                    "--ballots",
                    str(n),
                    "--jobs",
                    "2",
                    "--out",
                    str(record),
                ],
                args.results,
                {"side": "peer", "step": "generate", "ballots": n, "jobs": 2},
            )
        for jobs in sorted(args.jobs, reverse=True):
            run(
                [python, str(PEER_SCRIPT), "verify", str(record), "--jobs", str(jobs)],
                args.results,
                {"side": "peer", "step": "verify", "ballots": n, "jobs": jobs},
            )


def tally_only(path: str) -> None:
    """Time the homomorphic tally (``college_sums``) on the board of one of our records."""
    from intercoop_tools.record.document import Record, record_load_json
    from intercoop_tools.simulate import college_sums

    t0 = time.perf_counter()
    record = Record.from_json(record_load_json(path))
    decode = time.perf_counter() - t0
    t0 = time.perf_counter()
    sums = college_sums(
        description=record.manifest.description,
        board=record.board,
        roll=record.manifest.roll.credentials,
    )
    tally = time.perf_counter() - t0
    counted = sum(len(v[0]) for v in sums.values())
    # The sums must be the record's tally (the one its trustees decrypted).
    stated = {c.college: c for c in record.tally.colleges}
    same = all(
        [s.ciphertext for s in row] == computed
        for college, (_, rows) in sums.items()
        for row, computed in zip(stated[college].questions, rows, strict=True)
    )
    print(
        json.dumps(
            {
                "side": "ours",
                "step": "tally",
                "ballots": counted,
                "decode_s": round(decode, 3),
                "tally_s": round(tally, 3),
                "matches_record": same,
            }
        )
    )
    if not same:
        sys.exit(1)


def summary(results: Path) -> None:
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    verify: dict[tuple[str, int, int], dict[str, Any]] = {}
    for r in rows:
        if r.get("step") == "verify" and r["returncode"] == 0:
            verify[(r["side"], r["ballots"], r["jobs"])] = r
    print("\nverification of the whole record (wall s / CPU s):")
    print(f"{'ballots':>8} {'jobs':>4} {'ElectionGuard':>18} {'ours':>16}   ratio")
    for (side, n, jobs), r in sorted(verify.items(), key=lambda kv: (kv[0][1], kv[0][2])):
        if side != "ours":
            continue
        peer = verify.get(("peer", n, jobs))
        peer_s = f"{peer['wall_s']:.1f} / {peer['cpu_s']:.1f}" if peer else "not run"
        ratio = (
            f"{peer['wall_s'] / r['wall_s']:.1f}x wall, {peer['cpu_s'] / r['cpu_s']:.1f}x CPU"
            if peer
            else "-"
        )
        print(f"{n:>8} {jobs:>4} {peer_s:>18} {r['wall_s']:>7.1f} / {r['cpu_s']:<6.1f}  {ratio}")
    for r in rows:
        if r.get("step", "").startswith("micro"):
            print(f"{r['side']} {r['step']}: {r['stdout_tail']}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "_tally":
        tally_only(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ints = lambda s: [int(x) for x in s.split(",") if x]  # noqa: E731
    parser.add_argument("--steps", default="micro,ours,peer")
    parser.add_argument("--sizes", type=ints, default=[2000, 10000, 100000])
    parser.add_argument("--peer-sizes", type=ints, default=[2000])
    parser.add_argument("--jobs", type=ints, default=[1, 2])
    parser.add_argument("--ours-1job-max", type=int, default=10**9)
    parser.add_argument("--ours-tally-max", type=int, default=10**9)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--peer-repeat", type=int, default=20)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-eg"))  # noqa: S108
    parser.add_argument("--results", type=Path, default=None)
    parser.add_argument("--make-peer-venv", action="store_true")
    parser.add_argument("--peer-build-python", type=Path, default=PEER_PYTHON_BUILD)
    parser.add_argument("--summary-only", action="store_true")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    args.results = args.results or args.workdir / "results.jsonl"
    if args.make_peer_venv:
        make_peer_venv(args.peer_build_python)
    if not args.summary_only:
        steps = {"micro": step_micro, "ours": step_ours, "peer": step_peer}
        for name in args.steps.split(","):
            if name:
                steps[name](args)
    summary(args.results)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
