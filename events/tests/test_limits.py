"""Free text has limits: too long is refused with a Polish message and
nothing is stored."""

import pytest

from ..errors import EventError
from ..forms import ACCESSIBILITY_NEEDS_MAX_LENGTH, RegistrationForm
from ..models import EventState
from ..services import event_cancel
from .factories import coordinator_create, event_create

pytestmark = pytest.mark.django_db


def test_accessibility_needs_longer_than_the_limit_are_refused():
    event = event_create()
    form = RegistrationForm(
        data={
            "diet": "standard",
            "accessibility_needs": "x" * (ACCESSIBILITY_NEEDS_MAX_LENGTH + 1),
        },
        event=event,
    )

    assert not form.is_valid()
    assert "accessibility_needs" in form.errors


def test_cancelling_an_event_with_an_overlong_reason_changes_nothing():
    event = event_create(organiser="20")

    with pytest.raises(EventError) as error:
        event_cancel(
            event=event, actor=coordinator_create(scope="20"), reason="x" * 2001
        )

    assert error.value.code == "reason_too_long"
    assert not EventState.objects.filter(
        event=event, cancelled_at__isnull=False
    ).exists()
