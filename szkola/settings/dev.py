"""Local development: the embedded defaults, DEBUG on unless told otherwise."""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)


def _dev_secret_key() -> str:
    # Generated once per checkout and kept under var/, so sessions survive a
    # restart and no key is ever committed.
    path = VAR_DIR / "secret_key.txt"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _dev_secret_key()


def _dev_monitoring_key() -> str:
    # Like the secret key: generated once per checkout under var/.
    from cryptography.fernet import Fernet

    path = VAR_DIR / "monitoring_key.txt"
    if not path.exists():
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return path.read_text().strip()


MONITORING_ENCRYPTION_KEY = (
    env.str("MONITORING_ENCRYPTION_KEY", default="") or _dev_monitoring_key()
)
