import datetime
from decimal import Decimal

import pytest

from ..models import EventPage
from .factories import event_create

pytestmark = pytest.mark.django_db


def test_event_days_give_dates_and_total_hours():
    event = event_create(days=2, first_day=datetime.date(2030, 3, 4))

    event = EventPage.objects.get(pk=event.pk)

    assert event.date_from == datetime.date(2030, 3, 4)
    assert event.date_to == datetime.date(2030, 3, 5)
    assert event.total_hours == Decimal("16.0")


def test_event_programme_items_keep_track_and_room():
    event = event_create(kind="conference", days=1)

    item = event.programme_items.get()

    assert (item.room, item.track) == ("Sala A", "")
    assert item.date == event.date_from
