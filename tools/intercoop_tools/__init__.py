"""Intercoop's tools: what runs without the platform.

A trustee, a credential authority or an auditor installs this package alone (``pip install
./tools``); it brings PyNaCl and NumPy and nothing else. The platform depends on it and imports
the same modules, so what a trustee runs at home is what the server runs.

- :mod:`intercoop_tools.tally`: the tally engine and ``intercoop-recount``;
- :mod:`intercoop_tools.rules`: the voting rules (quorum, majorities, colleges, proxies);
- :mod:`intercoop_tools.crypto`: the election cryptography;
- :mod:`intercoop_tools.record`: the election record's file format;
- :mod:`intercoop_tools.verify`: ``intercoop-verify``, the standalone verifier;
- :mod:`intercoop_tools.trustee`: ``intercoop-trustee``, the trustee's key ceremony and decryption;
- :mod:`intercoop_tools.credentials` and :mod:`intercoop_tools.credential_letters`:
  ``intercoop-credentials``, the credential authority's tool and its letters;
- :mod:`intercoop_tools.simulate`: a whole election without a server, which the trustee tool's
  rehearsal uses.

Nothing here imports Django or the platform: ``make lint`` checks it (import contracts in the
root ``pyproject.toml``) and ``intercoop/tests/test_the_tools_install_alone.py`` runs the commands
in a virtual environment that holds only this package.
"""
