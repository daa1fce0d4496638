import pytest

from szkola.home.tests.shared_fixtures import (  # noqa: F401 - autouse
    completions_caught,
    fresh_cache,
)


@pytest.fixture
def completed_signals():
    """Every course_completed sent, as (user_id, source) pairs."""
    from courses.signals import course_completed

    with completions_caught(
        course_completed, dispatch_uid="courses-test-receiver"
    ) as sent:
        yield sent


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # Completions issue certificates (their PDFs are private files).
    settings.CERTIFICATES_PRIVATE_ROOT = str(tmp_path / "private")
