import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache(settings, tmp_path):
    cache.clear()
    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")
    yield
    cache.clear()
