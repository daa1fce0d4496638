import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..selectors import my_paths, team_overview
from ..services import path_team_join
from .factories import animator_make, member_add, path_create, team_create

pytestmark = pytest.mark.django_db


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


def test_team_page_queries_do_not_grow_with_the_team():
    team = team_create()
    animator = animator_make(team)
    member_add(team)
    path = path_create(components=[{"kind": "event", "event_kind": "training2"}])
    path_team_join(actor=animator, path=path, team=team)
    small = _queries(lambda: team_overview(team=team, detailed=True))
    for _ in range(3):
        member_add(team)
    path_team_join(actor=animator, path=path, team=team)
    assert _queries(lambda: team_overview(team=team, detailed=True)) == small


def test_my_paths_queries_do_not_grow_with_the_paths():
    team = team_create()
    animator = animator_make(team)
    path_team_join(
        actor=animator,
        path=path_create(components=[{"kind": "event", "event_kind": "training2"}]),
        team=team,
    )
    one = _queries(lambda: my_paths(user=animator))
    for kind in ("exchange", "conference"):
        path_team_join(
            actor=animator,
            path=path_create(components=[{"kind": "event", "event_kind": kind}]),
            team=team,
        )
    assert _queries(lambda: my_paths(user=animator)) == one
