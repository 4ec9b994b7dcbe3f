"""Ballot crypto micro-benchmark: medians for the operations that scale with the electorate.

Run by hand (not a test); it prints the median of ``--repeat`` runs of:

* encrypting one ballot of one question with 5 selections (0/1 proof each, plus the proof that
  between 0 and 5 are selected) and signing it;
* verifying that ballot (signature and the 6 proofs);
* adding one ballot's 5 ciphertexts into a running tally;
* one trustee's partial decryption of one tally ciphertext (with its DLEQ proof), verifying
  one such share, and the discrete log of a count near 100 000.

    .venv/bin/python bench/ballots_crypto.py --repeat 200
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intercoop_tools.crypto.ballot import (
    QuestionSpec,
    ballot_encrypt,
    ballot_verify,
    credential_generate,
    tally_encrypted,
)
from intercoop_tools.crypto.dkg import (
    Dealer,
    DkgParameters,
    decryption_share_create,
    joint_public_key,
    trustee_key,
    verification_keys,
    verify_decryption_share,
)
from intercoop_tools.crypto.elgamal import DiscreteLog, ciphertext_sum
from intercoop_tools.crypto.group import small_multiple
from intercoop_tools.crypto.transcript import Context, manifest_hash_of


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()

    manifest_hash = manifest_hash_of(b"benchmark election")
    context = Context(manifest_hash)
    params = DkgParameters(trustees=3, threshold=2)
    dealers = [Dealer.start(params=params, index=i) for i in (1, 2, 3)]
    commitments = [d.commitment(context) for d in dealers]
    key = trustee_key(
        params=params, index=1, commitments=commitments, shares=[d.share_for(1) for d in dealers]
    )
    public_key = joint_public_key(params=params, commitments=commitments)
    vks = verification_keys(params=params, commitments=commitments)
    specs = [QuestionSpec(selections=5, min_selected=0, max_selected=5)]
    credential = credential_generate()

    def encrypt_one() -> object:
        return ballot_encrypt(
            choices=[[1, 0, 1, 0, 0]],
            specs=specs,
            public_key=public_key,
            manifest_hash=manifest_hash,
            credential=credential,
        )

    signed = ballot_encrypt(
        choices=[[1, 0, 1, 0, 0]],
        specs=specs,
        public_key=public_key,
        manifest_hash=manifest_hash,
        credential=credential,
    )
    running = tally_encrypted([signed.ballot], specs)[0]
    total = ciphertext_sum(running)
    share = decryption_share_create(key=key, ciphertext=total, context=context)
    table = DiscreteLog(100_000)
    count = small_multiple(99_871)

    def add_one() -> object:
        return [
            t + s.ciphertext
            for t, s in zip(running, signed.ballot.questions[0].selections, strict=True)
        ]

    rows = [
        ("encrypt + prove + sign 1 ballot (5 selections)", encrypt_one),
        (
            "verify 1 ballot (signature + 6 proofs)",
            lambda: ballot_verify(
                signed=signed, specs=specs, public_key=public_key, manifest_hash=manifest_hash
            ),
        ),
        ("homomorphic add of 1 ballot (5 ciphertexts)", add_one),
        (
            "partial decryption of 1 ciphertext (+ DLEQ proof)",
            lambda: decryption_share_create(key=key, ciphertext=total, context=context),
        ),
        (
            "verify 1 partial decryption",
            lambda: verify_decryption_share(
                verification_key=vks[1], ciphertext=total, share=share, context=context
            ),
        ),
        ("discrete log of a count near 100 000", lambda: table.solve(count)),
    ]
    print(f"median of {args.repeat} runs")
    results = {}
    for name, fn in rows:
        results[name] = median_ms(fn, args.repeat)
        print(f"{results[name]:10.3f} ms  {name}")
    start = time.perf_counter()
    DiscreteLog(100_000)
    print(
        f"{(time.perf_counter() - start) * 1000:10.3f} ms  build the discrete-log table (100 000)"
    )
    n = 100_000
    print(
        f"projection for {n} ballots: encrypt (voters' devices, each) "
        f"{results[rows[0][0]]:.1f} ms; verify all {results[rows[1][0]] * n / 1000:.0f} s; "
        f"tally {results[rows[2][0]] * n / 1000:.1f} s"
    )


if __name__ == "__main__":
    main()
