"""The election record: everything a third party needs to verify an election, as one JSON file.

The format is specified in ``docs/election-record.md`` (its version is :data:`VERSION`); the
primitives it uses are those of ``docs/ballots-crypto.md``. This package holds the typed record,
its strict JSON decoding, the hashes that chain it together and the open arithmetic of the
weighted result. It imports no Django: the web layer and ``intercoop-verify`` are its clients.

The record has four parts:

* ``manifest``: the election ``description`` (questions, colleges and their weights, trustees n/t),
  the key ``ceremony`` (dealer commitments with their proofs, verification keys, joint key) and
  the ``roll`` (roll hash, and the frozen credential public keys with their college). Every ballot
  proof is bound to ``manifest_hash``, the SHA-256 of the manifest's canonical JSON.
* ``board``: the hash-chained bulletin board, one entry per cast ballot with its tracker.
* ``tally``: per college, the board entries that count (the last per credential), the homomorphic
  sums, and, for colleges that are published, the trustees' decryption shares and the counts.
* ``result``: the weighted result, computed in the open with exact fractions.

The package's modules, each imported where it is used (this ``__init__`` imports nothing):
``encoding`` (the format's constants, hashes and strict decoders), ``manifest``, ``board``,
``tally``, ``result`` (the weighted result) and ``document`` (the whole record, written and
read as JSON).
"""
