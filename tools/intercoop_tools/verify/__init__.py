"""``intercoop-verify RECORD``: the independent verifier of an election record.

It needs neither Django nor a database: it imports only the pure core (``crypto`` and
``record``). Every check of ``docs/election-record.md`` is run and printed as ``PASS name:
detail`` or ``FAIL name: detail``; the exit status is 0 when every check passes, 1 when any
fails, and 2 when the file cannot be read as JSON. Ballots are verified in ``--jobs`` processes.
``--expect-head HASH[@N]`` adds the check ``board.expected_head``: the board had the head HASH
after N entries, as a voter or an auditor noted it earlier.

The package's modules, each imported where it is used (this ``__init__`` imports nothing):
``report`` (the checks and the report), ``entries`` (each board entry, in worker processes),
``record`` (:func:`record.verify_record`, every check in order), ``manifest``, ``board`` and
``count`` (the checks of each part of the record) and ``cli`` (the command line, ``main``).
"""
