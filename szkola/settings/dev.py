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


# Links in emails, PDFs, QR codes and calendar files follow the address
# `make run` serves (it passes HOST and PORT through the environment), so a
# `PORT=8123 make run` prints links to :8123. WAGTAILADMIN_BASE_URL wins.
def _served_address() -> str:
    host = env.str("HOST", default="127.0.0.1") or "127.0.0.1"
    if host in ("0.0.0.0", "::", "[::]"):  # listening everywhere: link locally
        host = "127.0.0.1"
    return f"http://{host}:{env.int('PORT', default=8000)}"


WAGTAILADMIN_BASE_URL = (
    env.str("WAGTAILADMIN_BASE_URL", default="") or _served_address()
)
