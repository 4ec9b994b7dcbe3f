"""A threaded server verifies credentials in several threads at once: pyld's context caches,
which the core keeps between documents, are shared by them and must stay whole."""

from __future__ import annotations

import threading

from intercoop.labels.tests.vectors import EDDSA, OB3, load
from intercoop.labels.vc.dataintegrity import verify
from intercoop.labels.vc.keys import ResolvedKey


def test_four_threads_verify_the_vectors_together() -> None:
    badge = load(OB3 / "signed-ob3-credential.json")
    pair = load(OB3 / "keypair.json")
    key = ResolvedKey(bytes.fromhex(pair["publicKeyHex"]), pair["controller"])
    alumni = load(EDDSA / "eddsa-rdfc-2022/signedDataInt.json")
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(15):
                verify(badge, resolve_key=lambda _method: key)
                verify(alumni)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
