"""Event pages: a coordinator's Wagtail page rights follow the organiser."""

import pytest
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .factories import coordinator_create, event_create, index_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    index = index_create(slug="szkolenia")
    return {
        "index": index,
        "podlaskie": event_create(parent=index, organiser="20", title="Białystok"),
        "lubelskie": event_create(parent=index, organiser="06", title="Lublin"),
        "macroregion": event_create(parent=index, organiser="MR", title="Rzeszów"),
    }


def _perms(user, page):
    return page.permissions_for_user(user)


def test_coordinator_acts_on_own_voivodeships_events_only(tree):
    coordinator = coordinator_create(scope="20")
    own = _perms(coordinator, tree["podlaskie"])
    assert own.can_edit() and own.can_publish() and own.can_unpublish()
    assert own.can_delete() and own.can_lock() and own.can_copy()
    for key in ("lubelskie", "macroregion"):
        other = _perms(coordinator, tree[key])
        assert not other.can_edit()
        assert not other.can_publish()
        assert not other.can_unpublish()
        assert not other.can_delete()
        assert not other.can_lock()
        assert not other.can_copy()
        assert not other.can_move()


def test_generic_page_instances_give_the_same_answer(tree):
    coordinator = coordinator_create(scope="20")
    generic = Page.objects.get(pk=tree["lubelskie"].pk)
    assert not generic.permissions_for_user(coordinator).can_edit()
    generic = Page.objects.get(pk=tree["podlaskie"].pk)
    assert generic.permissions_for_user(coordinator).can_edit()


def test_leader_team_acts_on_every_event(tree):
    leader = coordinator_create(scope="MR")
    for key in ("podlaskie", "lubelskie", "macroregion"):
        perms = _perms(leader, tree[key])
        assert perms.can_edit() and perms.can_publish() and perms.can_delete()


def test_coordinator_adds_events_but_never_changes_the_list_itself(tree):
    coordinator = coordinator_create(scope="20")
    perms = _perms(coordinator, tree["index"])
    assert perms.can_add_subpage()
    assert perms.can_publish_subpage()
    assert not perms.can_edit()
    assert not perms.can_unpublish()
    assert not perms.can_delete()
    assert not perms.can_move()
    assert not perms.can_reorder_children()


def test_explorer_and_search_querysets_leave_other_voivodeships_out(tree):
    coordinator = coordinator_create(scope="20")
    policy = policy_registry.get_by_type(Page)
    explorable = set(
        policy.explorable_instances(coordinator).values_list("pk", flat=True)
    )
    assert tree["podlaskie"].pk in explorable
    assert tree["index"].pk in explorable
    assert tree["lubelskie"].pk not in explorable
    assert tree["macroregion"].pk not in explorable
    editable = set(
        policy.instances_user_has_permission_for(coordinator, "change").values_list(
            "pk", flat=True
        )
    )
    assert tree["podlaskie"].pk in editable
    assert tree["lubelskie"].pk not in editable
    leader = coordinator_create(scope="MR")
    everything = set(policy.explorable_instances(leader).values_list("pk", flat=True))
    assert {tree[k].pk for k in ("podlaskie", "lubelskie", "macroregion")} <= everything
