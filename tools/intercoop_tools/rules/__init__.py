"""A co-op's voting rules: defined, validated and applied. Pure Python: no Django here.

This is the one place where colleges, weights, proxies, membership periods and quorums are
defined and checked against the law of the co-op's country; models and services call it.

Legal sources of the presets (see docs/governance-rules.md):

- ``scic_france``: Loi n° 47-1775 du 10 septembre 1947, art. 19 septies and 19 octies
  (société coopérative d'intérêt collectif), décret n° 2002-241 du 21 février 2002. Members may
  be grouped in at least three voting colleges, none holding more than 50 % nor less than 10 %
  of the votes; one member, one vote inside a college, never by capital.
- ``quebec``: Loi sur les coopératives, RLRQ c. C-67.2, art. 4 (2°): no member has more than
  one vote whatever the number of shares, and no one votes by proxy.
- ``italy``: Codice civile art. 2538 (voting right after 90 days in the members' book; one vote
  per member whatever the shares) and art. 2539 (a member represents at most ten members).

The package's modules, each imported where it is used (this ``__init__`` imports nothing):
``rules`` (the rules' data, their problems and :func:`rules.validate`), ``presets``,
``eligibility`` (who may vote, the roll), ``proxies`` and ``results`` (weighted shares, which
colleges are published). Every message is an English template with %(name)s placeholders,
marked with ``gettext_noop`` so a web layer can translate it (``Problem.translated``).
"""
