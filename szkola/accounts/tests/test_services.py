import pytest
from django.core.exceptions import ValidationError

from szkola.accounts.models import AuditEntry
from szkola.accounts.services import (
    COORDINATORS_GROUP,
    TRAINERS_GROUP,
    audit_log,
    profile_update,
    role_set,
)

from .factories import user_create

pytestmark = pytest.mark.django_db


def _groups(user):
    return set(user.groups.values_list("name", flat=True))


def test_role_set_follows_roles_with_groups_and_admin_permission():
    user = user_create()

    role_set(user=user, is_trainer=True, coordinator_scope="18")
    assert _groups(user) == {TRAINERS_GROUP, COORDINATORS_GROUP}
    assert user.profile.coordinator_scope == "18"
    assert user.has_perm("wagtailadmin.access_admin")

    role_set(user=user, is_trainer=False, coordinator_scope="")
    user = type(user).objects.get(pk=user.pk)
    assert _groups(user) == set()
    assert not user.has_perm("wagtailadmin.access_admin")


def test_role_set_writes_an_audit_entry_with_before_and_after():
    admin = user_create(is_superuser=True)
    user = user_create()

    role_set(user=user, is_trainer=True, coordinator_scope="", actor=admin)

    entry = AuditEntry.objects.get(action="accounts.roles.changed")
    assert entry.actor == admin
    assert entry.data["before"] == {"is_trainer": False, "scope": ""}
    assert entry.data["after"] == {"is_trainer": True, "scope": ""}


def test_role_set_refuses_unknown_scope_and_changes_nothing():
    user = user_create()
    with pytest.raises(ValidationError):
        role_set(user=user, is_trainer=True, coordinator_scope="99")
    user.profile.refresh_from_db()
    assert not user.profile.is_trainer
    assert _groups(user) == set()
    assert not AuditEntry.objects.filter(action="accounts.roles.changed").exists()


def test_profile_update_audits_only_changed_fields():
    user = user_create(first_name="Jan", last_name="Kowal")
    profile_update(user=user, first_name="Jan", last_name="Kowal", gmina="Krasne")

    entry = AuditEntry.objects.get(action="accounts.profile.updated")
    assert entry.data == {"fields": ["gmina"]}

    profile_update(user=user, first_name="Jan", last_name="Kowal", gmina="Krasne")
    assert AuditEntry.objects.filter(action="accounts.profile.updated").count() == 1


def test_profile_update_rejects_unknown_fields():
    user = user_create()
    with pytest.raises(TypeError):
        profile_update(user=user, first_name="A", last_name="B", is_trainer=True)
    user.profile.refresh_from_db()
    assert not user.profile.is_trainer


def test_audit_log_records_object_reference():
    user = user_create()
    entry = audit_log(actor=None, action="test.thing.done", obj=user, data={"a": 1})
    assert entry.object_id == str(user.pk)
    assert entry.content_type.model == "user"
    assert entry.actor is None
