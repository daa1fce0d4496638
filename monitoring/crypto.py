"""Encryption at rest of the sensitive participant fields.

Keys come from ``MONITORING_ENCRYPTION_KEY``: one Fernet key, or several
separated by commas (the first encrypts, all decrypt), so a key can be
rotated: put the new key first; every record saved from then on is encrypted
with it, and the old key stays listed as long as older records need it.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class KeyMissing(ImproperlyConfigured):
    pass


def configured_keys() -> tuple[str, ...]:
    raw = getattr(settings, "MONITORING_ENCRYPTION_KEY", "") or ""
    return tuple(key.strip() for key in raw.split(",") if key.strip())


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise KeyMissing(
            "MONITORING_ENCRYPTION_KEY is not set: generate one with "
            "`python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`"
        )
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    return _cipher(configured_keys())


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise KeyMissing(
            "A monitoring field cannot be decrypted with MONITORING_ENCRYPTION_KEY "
            "(was the key changed without keeping the old one?)"
        ) from error


class EncryptedTextField(models.TextField):
    """A text stored as a Fernet token; Python code sees the plain text.

    An empty value stays empty (no token), so "not given" needs no key. The
    column can be neither searched nor sorted: only non-identifying codes
    (sex, education, area type, voivodeship) are kept in plain columns for
    the report's counts.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return ""
        return encrypt(str(value))
