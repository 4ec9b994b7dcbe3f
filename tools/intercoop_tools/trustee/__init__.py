"""``intercoop-trustee``: a trustee's side of the key ceremony and of threshold decryption.

A trustee's secrets (the polynomial of the ceremony, then the key share) live in a **secret file**
on the trustee's own machine and never reach the server. The trustee exchanges only public or
encrypted files with the server, through the election's web pages:

1. the server gives the trustee a **description file** (the election, the trustee's index);
2. ``start`` creates the secret file and writes the public **commitment file** (the dealer
   commitment of C§6 step 1 and an X25519 "box" public key for receiving shares);
3. the server collects every commitment into the **commitments file**;
4. ``shares`` checks every commitment and writes the **shares file**: the trustee's share for
   every other trustee, each encrypted and authenticated with ``nacl.public.Box``;
5. the server hands each trustee the boxes addressed to it (**shares-for-you file**);
6. ``finish`` opens and checks every share (a bad one names its dealer), stores the key share,
   forgets the polynomial, and writes the **confirmation file** (verification key, joint key);
7. at the count, ``decrypt`` reads the **tally file** (the manifest and the published colleges'
   sums) and the public **board file** (``--board``), checks that the sums are exactly the
   published colleges' sums of the ballots counted on that board (so that the trustee is no
   decryption oracle for a single ballot or a withheld college), and writes the **decryption
   file** (a proven decryption share per ciphertext).

The formats are specified in ``docs/trustees.md``. The package's modules, each imported where it
is used (this ``__init__`` imports nothing):

* ``formats``: the files' headers and errors, strict JSON, the description and secret files;
* ``ceremony``: steps 2 to 6, the trustee's side and the server's checks and files;
* ``tally``: the tally file; ``board``: the public board and :func:`board.check_board`;
* ``decryption``: step 7, the trustee's decryption and the server's check of it;
* ``storage``: reading files and writing them atomically;
* ``cli``: the command line, ``main``.

The server validates uploads (``parse_commitment_file``, ``parse_shares_file``,
``parse_confirmation_file``, ``parse_decryption_file``) and builds the files it hands out
(``description_file``, ``commitments_file``, ``shares_for_file``, ``tally_file``) with the same
code as the tool, so that both agree by construction. Like ``intercoop-verify`` the package
imports no Django: only the pure core (``crypto``, ``record``, ``simulate.college_sums``) and
PyNaCl.
"""
