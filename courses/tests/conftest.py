import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def completed_signals():
    """Every course_completed sent, as (user_id, source) pairs."""
    from courses.signals import course_completed

    sent = []

    def receiver(sender, *, user_id, source, **kwargs):
        sent.append((user_id, source))

    course_completed.connect(receiver, dispatch_uid="courses-test-receiver")
    yield sent
    course_completed.disconnect(dispatch_uid="courses-test-receiver")


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # Completions issue certificates (their PDFs are private files).
    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")
