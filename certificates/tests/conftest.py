import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# A fixed key for tests only: generated once per run, never stored.
_TEST_KEY = (
    Ed25519PrivateKey.generate()
    .private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    .decode()
)


@pytest.fixture(autouse=True)
def certificates_settings(settings, tmp_path):
    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")
    settings.OB_SIGNING_KEY = _TEST_KEY
    settings.WAGTAILADMIN_BASE_URL = "https://szkola.example.org"
    # A fresh rate-limit counter per test without clearing a shared cache.
    settings.CERTIFICATES_VERIFY_CACHE_PREFIX = f"test-verify:{uuid.uuid4().hex}"
    return settings


@pytest.fixture
def private_files(tmp_path):
    def files():
        root = tmp_path / "private"
        return sorted(p for p in root.rglob("*.pdf")) if root.exists() else []

    return files
