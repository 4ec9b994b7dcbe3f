"""Strict parsing of settings from the environment.

Every reader raises ``ConfigError`` naming the variable and the value it could not parse, so a
typo in deployment stops start-up with one clear line instead of a silent default. Secrets may
also come from ``NAME_FILE`` (a path whose content is the value), as container orchestrators do.
"""

from __future__ import annotations

import builtins
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A setting in the environment is malformed or missing."""


@dataclass(frozen=True)
class Rate:
    """At most ``amount`` times in ``seconds``."""

    amount: int
    seconds: int

    def __str__(self) -> builtins.str:
        return f"{self.amount}/{self.seconds}s"


_RATE = re.compile(r"^([0-9]+)/([0-9]*)([smhd])$")
_RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    def __init__(self, environ: Mapping[builtins.str, builtins.str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def raw(self, name: builtins.str) -> builtins.str | None:
        """The value of NAME, or the content of the file named by NAME_FILE."""
        value = self.environ.get(name)
        file_name = self.environ.get(f"{name}_FILE")
        if value is not None and file_name is not None:
            raise ConfigError(f"{name} and {name}_FILE are both set; set only one of them.")
        if file_name is not None:
            try:
                return Path(file_name).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(
                    f"{name}_FILE={file_name!r} cannot be read: {exc.strerror}."
                ) from exc
        return value

    def str(self, name: builtins.str, default: builtins.str) -> builtins.str:
        value = self.raw(name)
        return default if value is None else value

    def optional_str(self, name: builtins.str) -> builtins.str | None:
        value = self.raw(name)
        return value or None

    def bool(self, name: builtins.str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ConfigError(
            f"{name}={value!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
        )

    def int(
        self, name: builtins.str, default: int, *, minimum: int = 0, maximum: int = 2**31
    ) -> int:
        value = self.raw(name)
        if value is None or value.strip() == "":
            return default
        try:
            number = int(value.strip())
        except ValueError:
            raise ConfigError(f"{name}={value!r} is not a whole number.") from None
        if not minimum <= number <= maximum:
            raise ConfigError(f"{name}={number} is out of range ({minimum} to {maximum}).")
        return number

    def choice(
        self, name: builtins.str, default: builtins.str, choices: tuple[builtins.str, ...]
    ) -> builtins.str:
        value = self.str(name, default).strip()
        if value not in choices:
            raise ConfigError(f"{name}={value!r} must be one of: {', '.join(choices)}.")
        return value

    def url(
        self, name: builtins.str, default: builtins.str, *, schemes: tuple[builtins.str, ...]
    ) -> builtins.str:
        value = self.str(name, default).strip()
        return check_url(name, value, schemes=schemes)

    def optional_url(
        self, name: builtins.str, *, schemes: tuple[builtins.str, ...]
    ) -> builtins.str | None:
        value = self.optional_str(name)
        if value is None:
            return None
        return check_url(name, value.strip(), schemes=schemes)

    def list(self, name: builtins.str, default: list[builtins.str]) -> list[builtins.str]:
        value = self.raw(name)
        if value is None:
            return default
        return [item.strip() for item in value.split(",") if item.strip()]

    def rate(self, name: builtins.str, default: builtins.str) -> Rate:
        """A rate limit as ``AMOUNT/PERIOD``: ``20/h``, ``120/m``, ``5/10m`` (units s, m, h, d)."""
        value = self.str(name, default)
        match = _RATE.match(value.strip())
        if match is None:
            raise ConfigError(
                f"{name}={value!r} is not a rate; write it as AMOUNT/PERIOD, e.g. 20/h or 5/10m."
            )
        amount, count, unit = match.groups()
        seconds = int(count or 1) * _RATE_UNITS[unit]
        if int(amount) < 1 or seconds < 1:
            raise ConfigError(f"{name}={value!r} must allow at least once in a period.")
        return Rate(amount=int(amount), seconds=seconds)

    def path(self, name: builtins.str, default: Path) -> Path:
        value = self.raw(name)
        if value is None or value.strip() == "":
            return default
        return Path(value).expanduser().resolve()


def check_url(
    name: builtins.str, value: builtins.str, *, schemes: tuple[builtins.str, ...]
) -> builtins.str:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- evaluating it raises ValueError for a malformed port
    except ValueError as exc:
        raise ConfigError(f"{name}={value!r} is not a valid URL: {exc}.") from None
    if parts.scheme not in schemes:
        raise ConfigError(
            f"{name}={value!r} must start with one of: {', '.join(s + '://' for s in schemes)}."
        )
    if not parts.hostname and parts.scheme not in ("sqlite", "file", "console", "unix"):
        raise ConfigError(f"{name}={value!r} has no host name.")
    return value
