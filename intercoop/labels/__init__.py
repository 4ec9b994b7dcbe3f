"""Verifiable labels: Open Badges 3.0 credentials issued and verified by co-operatives.

``vc/`` is the credential core, pure Python without Django (the import contract ``tools-pure``
keeps it so). This ``__init__`` imports nothing, so that importing the core brings no Django in.
"""
