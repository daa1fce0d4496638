"""The module-wide test data helper keeps a module's day whole."""

from datetime import datetime
from zoneinfo import ZoneInfo

from szkola.home.tests.seeding import module_start

WARSAW = ZoneInfo("Europe/Warsaw")


def test_a_module_starting_by_day_keeps_the_real_clock():
    moment = datetime(2026, 12, 7, 15, 0, tzinfo=WARSAW)

    assert module_start(moment) == moment


def test_a_module_starting_just_before_midnight_starts_on_the_next_day():
    moment = datetime(2026, 12, 7, 23, 50, tzinfo=WARSAW)

    start = module_start(moment)

    assert start.astimezone(WARSAW).date().isoformat() == "2026-12-08"
    assert start > moment
