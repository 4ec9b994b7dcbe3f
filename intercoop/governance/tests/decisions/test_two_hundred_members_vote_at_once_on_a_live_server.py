"""200 members vote at the same moment on a real `intercoop serve` (gunicorn, threads), some
of them submitting their form twice at once: every member ends with exactly one ballot, the
counts hold 200 ballots, as sent, and no request fails with a server error. Runs on the
suite's database engine (SQLite file, or PostgreSQL when DATABASE_URL is set)."""

from __future__ import annotations

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from intercoop.governance.tests.decisions.live import (
    Voter,
    prepare,
    run_script,
    running,
    server_env,
    vote,
)

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 200
TWICE = 25  # members who submit the same form twice at once


def test_concurrent_votes_are_each_counted_once(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    with running(env, tmp_path / "serve.log", workers=2, threads=8) as server:
        seed = run_script(env, "seed", str(VOTERS))
        with ThreadPoolExecutor(max_workers=32) as pool:
            voters = list(pool.map(lambda v: prepare(server, seed, v), seed["voters"]))
        # Every submission waits at the barrier, then all go at once.
        submissions: list[Voter] = voters + voters[:TWICE]
        barrier = threading.Barrier(len(submissions))
        statuses: dict[int, list[int]] = {v.member: [] for v in voters}
        lock = threading.Lock()

        def submit(v: Voter) -> None:
            barrier.wait()
            status = vote(server, seed, v)
            with lock:
                statuses[v.member].append(status)

        threads = [threading.Thread(target=submit, args=(v,)) for v in submissions]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        state = run_script(env, "check", str(seed["decision"]))

    # Every member's ballot was acknowledged exactly once; a duplicate was refused (409).
    for v in voters:
        got = sorted(statuses[v.member])
        expected = [302, 409] if v in voters[:TWICE] else [302]
        assert got == expected, (v.member, got)
    # One Participation per member, and the counts hold exactly the ballots sent.
    assert sorted(state["members"]) == sorted(v.member for v in voters)
    sent = Counter(json.dumps([v.option], separators=(",", ":")) for v in voters)
    assert state["counts"] == dict(sent)
    assert sum(state["counts"].values()) == VOTERS
    assert state["integrity"] in (None, "ok")
    # the server used the suite's database engine
    assert state["vendor"] == connection.vendor
