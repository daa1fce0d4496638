"""Each person's permissions come from the cache, and any change to users'
groups or rights is seen at once."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from szkola.accounts.models import User

from .factories import user_create

pytestmark = pytest.mark.django_db

PERM = "wagtailadmin.access_admin"


def fresh(user) -> User:
    """The person as the next request loads them."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def group():
    group = Group.objects.create(name="Próbna grupa")
    group.permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    return group


def test_second_request_asks_no_permission_queries(group):
    user = user_create()
    user.groups.add(group)
    assert fresh(user).has_perm(PERM)

    again = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        assert again.has_perm(PERM)
    assert len(queries) == 0


def test_leaving_the_group_takes_the_right_away_at_once(group):
    user = user_create()
    user.groups.add(group)
    assert fresh(user).has_perm(PERM)

    user.groups.remove(group)

    assert not fresh(user).has_perm(PERM)


def test_a_right_taken_from_the_group_is_gone_at_once(group):
    user = user_create()
    user.groups.add(group)
    assert fresh(user).has_perm(PERM)

    group.permissions.clear()

    assert not fresh(user).has_perm(PERM)


def test_a_deactivated_account_has_no_rights(group):
    user = user_create()
    user.groups.add(group)
    assert fresh(user).has_perm(PERM)

    User.objects.filter(pk=user.pk).update(is_active=False)

    assert not fresh(user).has_perm(PERM)


def test_password_sign_in_still_works(client):
    from .factories import PASSWORD

    user = user_create()
    assert client.login(username=user.email, password=PASSWORD) or client.login(
        email=user.email, password=PASSWORD
    )
