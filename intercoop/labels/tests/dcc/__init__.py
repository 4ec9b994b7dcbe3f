"""Running the Digital Credentials Consortium's Node verifier (``verify.mjs`` beside this file)
on credentials, offline: what it may load is written to a file for it, the rest it refuses."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parent / "verify.mjs"
NODE_MODULES = Path(__file__).resolve().parents[4] / "node_modules"
PACKAGES = (
    "@digitalcredentials/vc",
    "@digitalcredentials/data-integrity",
    "@digitalcredentials/eddsa-rdfc-2022-cryptosuite",
    "@digitalcredentials/ed25519-multikey",
)


def missing() -> str:
    """Why the Node verifier cannot run here, or ``""``."""
    if shutil.which("node") is None:
        return "node is not installed"
    absent = [p for p in PACKAGES if not (NODE_MODULES / p / "package.json").exists()]
    if absent:
        return f"{', '.join(absent)} not found in {NODE_MODULES} (npm ci installs them)"
    return ""


def run(
    credentials: Sequence[Mapping[str, Any]],
    *,
    controllers: Sequence[Mapping[str, Any]],
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    bench_runs: int = 0,
    timeout: float = 600,
) -> list[dict[str, Any]]:
    """One line of ``verify.mjs`` per credential: ``verified``, ``error`` (and ``times_ms`` with
    ``bench_runs``). ``controllers`` are the DID documents it may load (with their verification
    methods), ``documents`` the other documents by URL (status list credentials)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed")
    with tempfile.TemporaryDirectory(prefix="intercoop-dcc-") as tmp:
        keys = Path(tmp) / "keys.json"
        keys.write_text(json.dumps({"controllers": controllers, "documents": documents or {}}))
        given = Path(tmp) / "credentials.json"
        given.write_text(json.dumps(list(credentials)))
        command = [node, str(SCRIPT), "--keys", str(keys), "--credentials", str(given)]
        if bench_runs:
            command += ["--bench", str(bench_runs)]
        done = subprocess.run(  # noqa: S603 - our own script, our own arguments
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    if done.returncode != 0:
        raise RuntimeError(f"verify.mjs failed ({done.returncode}): {done.stderr.strip()}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def held_contexts() -> dict[str, str]:
    """The context URLs and files that ``verify.mjs`` serves."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed")
    done = subprocess.run(  # noqa: S603 - our own script, our own arguments
        [node, str(SCRIPT), "--contexts"], capture_output=True, text=True, timeout=60, check=True
    )
    held: dict[str, str] = json.loads(done.stdout)
    return held
