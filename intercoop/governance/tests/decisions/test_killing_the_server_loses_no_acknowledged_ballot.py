"""SIGKILL the server while members are casting ballots: after a restart every ballot whose
request was acknowledged (the redirect to the receipt) is counted, each member has at most one
ballot, and the participations equal the sum of the counts. A member whose request was cut off
finds out by trying again: recorded (409) or not (302)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from intercoop.governance.tests.decisions.live import (
    Voter,
    prepare,
    run_script,
    server_env,
    start_server,
    vote,
)

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 120
KILL_AFTER = 30  # acknowledged ballots before the kill


def test_no_acknowledged_ballot_is_lost(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    log = tmp_path / "serve.log"
    server = start_server(env, log, workers=2, threads=4)
    try:
        seed = run_script(env, "seed", str(VOTERS))
        voters = [prepare(server, seed, v) for v in seed["voters"]]
        acknowledged: list[Voter] = []
        cut_off: list[Voter] = []
        lock = threading.Lock()
        queue = list(voters)

        def cast_loop() -> None:
            while True:
                with lock:
                    if not queue:
                        return
                    v = queue.pop(0)
                try:
                    status = vote(server, seed, v)
                except OSError:
                    with lock:
                        cut_off.append(v)
                    continue
                with lock:
                    (acknowledged if status == 302 else cut_off).append(v)

        threads = [threading.Thread(target=cast_loop) for _ in range(6)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.001)
        server.kill()  # SIGKILL, mid-stream
        for t in threads:
            t.join(timeout=120)
        before_restart = list(acknowledged)
        assert KILL_AFTER <= len(before_restart) < VOTERS, "the kill came too late to matter"

        print(
            f"acknowledged before the kill: {len(before_restart)}, cut off: {len(cut_off)}, "
            f"not sent: {VOTERS - len(before_restart) - len(cut_off)}"
        )
        server = start_server(env, log, workers=2, threads=4)
        state = run_script(env, "check", str(seed["decision"]))
        counted = set(state["members"])
        print(f"counted after the restart: {len(counted)}")
        # Every acknowledged ballot survived the kill.
        missing = [v.member for v in before_restart if v.member not in counted]
        assert missing == []
        # The database is consistent: one participation per member, as many ballots counted.
        assert len(state["members"]) == len(counted)
        assert sum(state["counts"].values()) == len(counted)
        assert state["integrity"] in (None, "ok")
        assert state["vendor"] == connection.vendor

        # Everyone not acknowledged tries again on the restarted server: recorded ballots are
        # refused as already cast, the others are taken now.
        for v in voters:
            if v in before_restart:
                continue
            v = prepare(
                server,
                seed,
                {
                    "member": v.member,
                    "option": v.option,
                    "session": v.cookies[seed["session_cookie"]],
                },
            )
            status = vote(server, seed, v)
            assert status == (409 if v.member in counted else 302), (v.member, status)
        final = run_script(env, "check", str(seed["decision"]))
        assert sorted(final["members"]) == sorted(v.member for v in voters)
        assert sum(final["counts"].values()) == VOTERS
        expected: dict[str, int] = {}
        for v in voters:
            key = json.dumps([v.option], separators=(",", ":"))
            expected[key] = expected.get(key, 0) + 1
        assert final["counts"] == expected
    finally:
        server.stop()
