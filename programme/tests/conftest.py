import pytest

from szkola.home.tests.shared_fixtures import fresh_cache  # noqa: F401 - autouse


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # Completed paths issue certificates (their PDFs are private files).
    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")


@pytest.fixture
def paths_completed():
    """Every path_completed sent, as (user_id, source) pairs."""
    from programme.signals import path_completed

    sent = []

    def receiver(sender, *, user_id, source, **kwargs):
        sent.append((user_id, source))

    path_completed.connect(receiver, dispatch_uid="programme-test-receiver")
    yield sent
    path_completed.disconnect(dispatch_uid="programme-test-receiver")
