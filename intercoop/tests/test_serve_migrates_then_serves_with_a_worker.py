"""`intercoop serve` on an empty data directory: migrates, serves pages with gunicorn, runs a
task worker beside it, and stops both on SIGTERM. It says each step with its time, and once
gunicorn listens, where the demo's credential file is."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from intercoop.testing.processes import child_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 -- loopback
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_serve_runs_the_platform_and_its_worker(tmp_path: Path) -> None:
    port = free_port()
    env = child_env(tmp_path)
    (tmp_path / "demo-credentials.txt").write_text("written by `intercoop demo`")
    (tmp_path / "demo-credential-letters.html").write_text("written by `intercoop demo`")
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "intercoop", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        health = wait_for(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 90)
        assert b'"status": "ok"' in health
        home = wait_for(f"http://127.0.0.1:{port}/fr/", time.monotonic() + 10)
        assert b'<html lang="fr">' in home
        assert (tmp_path / "intercoop.sqlite3").exists()
        log.seek(0)
        output = log.read()
        match = re.search(r"Task worker started \(pid (\d+)\)", output)
        assert match, output
        worker_pid = int(match.group(1))
        assert pid_alive(worker_pid)
        for step in (
            r"Migrating the database \(\d+ migrations to apply\)",
            "Collecting the static files",
        ):
            assert re.search(rf"^{step}… \d+\.\d s$", output, re.MULTILINE), output
        listening = output.index(f"Listening at: http://127.0.0.1:{port}")
        running = output.index(f"Intercoop is running at http://127.0.0.1:{port}")
        credential = output.index(
            f"Demo credential for Alice: see {tmp_path / 'demo-credentials.txt'}"
        )
        letters = output.index(
            "Demo credential letters for the members without an account: see "
            f"{tmp_path / 'demo-credential-letters.html'}"
        )
        assert listening < running < credential < letters, output
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while pid_alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not pid_alive(worker_pid), "the task worker outlived the server"
