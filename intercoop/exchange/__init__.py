"""Exchange between co-operatives: offers and needs, supplier catalogues, order cycles with group
purchasing, and the traceability of what was delivered and transformed.

This package's ``__init__`` imports nothing: its pure cores (``closing``, ``valueflows``,
``dfc``) are imported without Django, and an import contract in pyproject.toml checks it."""
