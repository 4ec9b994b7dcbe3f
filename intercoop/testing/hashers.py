"""The password hasher of the test suite: PBKDF2-SHA256, Django's own hasher and the one the
platform uses, with fewer iterations.

Production hashes a password with Django's count of iterations (a million), about half a second
of this machine's time, on purpose. Tests sign people in through the real form and load the
real demo (a dozen accounts) many hundreds of times; at that cost each would spend most of its
time hashing. The algorithm, the stored format (``pbkdf2_sha256$<iterations>$<salt>$<hash>``)
and every code path that checks a password are the same; only the iteration count differs, as
Django's documentation advises for test runs. Processes the tests start (``intercoop serve``,
``intercoop demo``) hash as production does."""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FewerIterationsPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
