import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


# Fixed keys for tests only: generated once per run, never stored. RSA
# (RS256) is the default; the Ed25519 one tests the EdDSA option.
_TEST_KEY = _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))
_TEST_ED25519_KEY = _pem(Ed25519PrivateKey.generate())


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
