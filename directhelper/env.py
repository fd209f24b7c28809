"""Strict readers for settings that come from the environment.

django-environ loads `.env` and parses URLs, but its `bool()` quietly turns a typo into False and its `int()`
fails with a bare ValueError. These readers stop the process with a message that names the variable and says
what a good value looks like, so a misconfigured deployment fails at start instead of misbehaving later.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class SettingError(ImproperlyConfigured):
    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name


class EnvReader:
    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ

    def raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self.raw(name)
        return default if value is None else value

    def required(self, name: str, why: str) -> str:
        value = self.raw(name)
        if value is None:
            raise SettingError(name, f"is required {why}")
        return value

    def bool(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        word = value.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise SettingError(name, f"expected true/false, got {value!r}")

    def int(self, name: str, default: int, minimum: int | None = None) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise SettingError(name, f"expected a whole number, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise SettingError(name, f"must be at least {minimum}, got {number}")
        return number

    def float(self, name: str, default: float, minimum: float | None = None) -> float:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = float(value)
        except ValueError:
            raise SettingError(name, f"expected a number, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise SettingError(name, f"must be at least {minimum}, got {number}")
        return number

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() not in choices:
            raise SettingError(name, f"expected one of {', '.join(choices)}, got {value!r}")
        return value.lower()

    def list(self, name: str) -> list[str]:
        value = self.raw(name)
        if value is None:
            return []
        return [item.strip() for item in value.split(",") if item.strip()]

    def int_list(self, name: str) -> list[int]:
        items = self.list(name)
        try:
            return [int(item) for item in items]
        except ValueError:
            raise SettingError(name, f"expected comma-separated whole numbers, got {self.raw(name)!r}") from None

    def ip_networks(self, name: str) -> list[str]:
        """Comma-separated IP addresses or networks (`10.0.5.17,192.0.2.0/28`), each checked."""
        items = self.list(name)
        for item in items:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise SettingError(name, f"{item!r} is not an IP address or network (like 10.0.5.17)") from None
        return items

    def url(self, name: str, default: str | None, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
        value = self.raw(name)
        if value is None:
            return default
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.netloc:
            raise SettingError(name, f"expected a {'/'.join(schemes)} URL with a host, got {value!r}")
        return value.rstrip("/") if parts.path in ("", "/") else value

    def fernet_keys(self, name: str) -> list[str]:
        """Comma-separated Fernet keys: the first encrypts, every one decrypts (rotation)."""
        from cryptography.fernet import Fernet

        keys = self.list(name)
        for position, key in enumerate(keys, start=1):
            try:
                Fernet(key.encode())
            except ValueError:
                raise SettingError(
                    name,
                    f"key #{position} is not a Fernet key (32 url-safe base64-encoded bytes); "
                    "make one with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'",
                ) from None
        return keys

    def existing_file(self, name: str) -> str | None:
        value = self.raw(name)
        if value is not None and not os.path.isfile(value):
            raise SettingError(name, f"file {value!r} does not exist")
        return value
