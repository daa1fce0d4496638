"""Every write about people: profiles, consents, roles, the audit log."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import CoordinatorScope
from .errors import AccountError
from .models import AuditEntry, Consent, Profile, User
from .permissions import (  # noqa: F401 - the group names are read from here too
    COORDINATORS_GROUP,
    LEADER_TEAM_GROUP,
    TRAINERS_GROUP,
    SharedContainerPage,
)


def audit_log(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry. ``action`` is a dotted code such as
    ``accounts.profile.updated``. Call it inside the service's transaction so
    the entry exists exactly when the change does."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        data=data or {},
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:255]
    entry.save()
    return entry


PROFILE_FIELDS = (
    "institution_name",
    "institution_sector",
    "position",
    "gmina",
    "powiat",
    "voivodeship",
    "pzk_team",
)


@transaction.atomic
def profile_update(
    *, user: User, first_name: str, last_name: str, actor: User | None = None, **fields
) -> Profile:
    """Update the name and profile fields given; audit which fields changed."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    changed = []
    if (user.first_name, user.last_name) != (first_name.strip(), last_name.strip()):
        user.first_name, user.last_name = first_name.strip(), last_name.strip()
        user.save(update_fields=["first_name", "last_name"])
        changed += ["first_name", "last_name"]
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(profile, name) != value:
            setattr(profile, name, value)
            changed.append(name)
    profile.save()
    user.profile = profile  # callers holding ``user`` see the new values
    if changed:
        audit_log(
            actor=actor or user,
            action="accounts.profile.updated",
            obj=profile,
            data={"fields": changed},
        )
    return profile


@transaction.atomic
def consent_record(
    *, user: User, kind: str = Consent.Kind.RODO, version: str | None = None
) -> Consent:
    """Record that ``user`` accepted the consent text of ``version`` now."""
    consent = Consent.objects.create(
        user=user,
        kind=kind,
        version=version or settings.RODO_CONSENT_VERSION,
        given_at=timezone.now(),
    )
    audit_log(
        actor=user,
        action="accounts.consent.given",
        obj=user,
        data={"kind": kind, "version": consent.version},
    )
    return consent


def _role_groups() -> tuple[Group, Group, Group]:
    trainers, _ = Group.objects.get_or_create(name=TRAINERS_GROUP)
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    leader_team, _ = Group.objects.get_or_create(name=LEADER_TEAM_GROUP)
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access:
        trainers.permissions.add(admin_access)
        coordinators.permissions.add(admin_access)
        leader_team.permissions.add(admin_access)
    container_page_rights_ensure()
    return trainers, coordinators, leader_team


@transaction.atomic
def container_page_rights_ensure(*, page=None) -> None:
    """Give the role groups exactly the page permissions that each shared
    container (an event list, the course catalogue) declares in
    ``container_group_permissions``; with ``page``, for that page only.
    Below a container Wagtail's page permissions apply, narrowed to the
    organiser's pages by ``permissions.ScopedPagePermissionTester``.
    Idempotent."""
    from wagtail.models import GroupPagePermission, get_page_models

    if page is not None:
        page = page.specific
        pages = [page] if isinstance(page, SharedContainerPage) else []
    else:
        pages = []
        for model in get_page_models():
            if issubclass(model, SharedContainerPage) and not model._meta.abstract:
                pages.extend(model.objects.exact_type(model))
    for container in pages:
        for group_name, codenames in container.container_group_permissions.items():
            group, _created = Group.objects.get_or_create(name=group_name)
            wanted = list(
                Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename__in=codenames
                )
            )
            GroupPagePermission.objects.filter(group=group, page=container).exclude(
                permission__in=wanted
            ).delete()
            for permission in wanted:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=container, permission=permission
                )


@transaction.atomic
def role_set(
    *,
    user: User,
    is_trainer: bool,
    coordinator_scope: str,
    actor: User | None = None,
) -> Profile:
    """Make ``user`` a trainer and/or a coordinator with the given scope
    (``''`` for none). Group membership, and with it the Wagtail
    permissions, follows the roles."""
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    before = {"is_trainer": profile.is_trainer, "scope": profile.coordinator_scope}
    profile.is_trainer = is_trainer
    profile.coordinator_scope = coordinator_scope
    profile.full_clean(exclude=["user"])
    profile.save(update_fields=["is_trainer", "coordinator_scope"])
    user.profile = profile  # callers holding ``user`` see the new roles
    trainers, coordinators, leader_team = _role_groups()
    (user.groups.add if is_trainer else user.groups.remove)(trainers)
    (user.groups.add if coordinator_scope else user.groups.remove)(coordinators)
    is_leader = coordinator_scope == CoordinatorScope.MACROREGION
    (user.groups.add if is_leader else user.groups.remove)(leader_team)
    audit_log(
        actor=actor,
        action="accounts.roles.changed",
        obj=user,
        data={
            "before": before,
            "after": {"is_trainer": is_trainer, "scope": coordinator_scope},
        },
    )
    return profile


@transaction.atomic
def assessor_role_set(*, actor: User | None, user: User, scope: str) -> Profile:
    """Give ``user`` the assessor role for ``scope`` (a voivodeship code or
    the macroregion) or take it away (``''``); a coordinator may do so
    within their own scope only (both the old and the new one); ``actor``
    None is the system (the demo seed, a management command). The
    "Asesorzy" group follows the role. Audited.

    Raises AccountError "scope" or "invalid"."""
    from .permissions import ASSESSORS_GROUP, user_may_grant_assessor_role

    if scope not in CoordinatorScope.values:
        raise AccountError("invalid", _("Wybierz zakres asesora z listy."))
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    before = profile.assessor_scope
    for changed in {before, scope} - {""}:
        if actor is not None and not user_may_grant_assessor_role(actor, changed):
            raise AccountError(
                "scope",
                _("Rolę asesora nadaje koordynator województwa, którego dotyczy."),
            )
    profile.assessor_scope = scope
    profile.save(update_fields=["assessor_scope"])
    user.profile = profile
    group, _created = Group.objects.get_or_create(name=ASSESSORS_GROUP)
    (user.groups.add if scope else user.groups.remove)(group)
    audit_log(
        actor=actor,
        action="accounts.assessor_role.changed",
        obj=user,
        data={"before": before, "after": scope},
    )
    return profile


def _records_deleted_with(user: User) -> models.Q:
    """Audit entries about every record that deleting ``user`` removes (the
    account, its profile, and whatever the domain apps cascade from it, such
    as enrolments and registrations whose names carry the person's name)."""
    from collections import defaultdict

    from django.db import router
    from django.db.models.deletion import Collector

    collector = Collector(using=router.db_for_write(User))
    collector.collect([user])
    pks: dict[type[models.Model], set] = defaultdict(set)
    for model, instances in collector.data.items():
        pks[model].update(instance.pk for instance in instances)
    for queryset in collector.fast_deletes:
        pks[queryset.model].update(queryset.values_list("pk", flat=True))
    records = models.Q(pk__in=[])
    for model, ids in pks.items():
        if ids:
            records |= models.Q(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(pk) for pk in ids],
            )
    return records


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete ``user``'s account and the personal data kept with it (RODO
    art. 17): profile, consents, e-mail addresses, second factors,
    notifications, and whatever the domain apps cascade from the account.

    Certificates already issued stay in the register: they lose the link to
    the account but keep their number, the recipient's name as printed and
    their verification code, so a certificate someone holds still verifies
    and the numbering keeps no gaps. Audit entries stay too (they record what
    happened to the register), without the person's name.

    Raises AccountError ``staff`` for trainers, coordinators and admins:
    their accounts carry published content and decisions about others, so
    the platform's administrator removes them after handing the work over.
    """
    from .permissions import user_is_staff_member
    from .signals import account_deleting

    user = User.objects.select_for_update().get(pk=user.pk)
    if user_is_staff_member(user):
        raise AccountError(
            "staff",
            _(
                "Konto trenera, koordynatora lub administratora może usunąć "
                "tylko administrator platformy. Napisz do koordynatora projektu."
            ),
        )
    account_deleting.send(sender=User, user=user)
    AuditEntry.objects.filter(_records_deleted_with(user)).update(object_repr="")
    audit_log(actor=None, action="accounts.account.deleted", data={"user_id": user.pk})
    user.delete()
