"""Learning paths: build (with a rule that can be met), join, and complete.

A path is complete for a person when its rule holds over what they
completed (courses, events, support hours). The completion is recorded once
and announced with ``path_completed`` after commit; the certificates app
issues the one path certificate from that announcement."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from szkola.accounts.models import User
from szkola.accounts.services import audit_log
from szkola.live.services import notify
from szkola.live.texts import Text

from ..errors import ProgrammeError
from ..models import LearningPath, PathEnrolment, Team
from ..rules import path_progress, path_source, rule_problems
from ..signals import path_completed
from .common import animated_by, ensure_coordinator


def path_rule_check(*, path: LearningPath) -> None:
    """Raise ProgrammeError("impossible_rule") with every reason, in Polish,
    when the path's rule can never be met (or there is nothing to do)."""
    components = list(path.components.all())
    problems = rule_problems(components=components, min_optional=path.min_optional or 0)
    if problems:
        raise ProgrammeError("impossible_rule", " ".join(str(p) for p in problems))


@transaction.atomic
def path_save(*, actor: User, path: LearningPath) -> LearningPath:
    """Create or change a path with its components (held in memory by the
    admin form until now). The actor must coordinate the organiser, before
    and after; the rule must be one that can be met. People already on the
    path whom the new rule lets through complete it. Raises ProgrammeError
    ``forbidden`` or ``impossible_rule``."""
    created = path.pk is None
    if not created:
        before = LearningPath.objects.select_for_update().get(pk=path.pk)
        ensure_coordinator(actor=actor, organiser=before.organiser)
    ensure_coordinator(actor=actor, organiser=path.organiser)
    path_rule_check(path=path)
    path.save()
    audit_log(
        actor=actor,
        action="programme.path.created" if created else "programme.path.changed",
        obj=path,
        data={
            "components": [
                {"kind": c.kind, "required": c.required} for c in path.components.all()
            ],
            "min_optional": path.min_optional,
        },
    )
    if not created:
        for user_id in path.enrolments.filter(completed_at__isnull=True).values_list(
            "user_id", flat=True
        ):
            path_progress_refresh(user_id=user_id, path_ids=[path.pk])
    return path


def _may_enrol(*, actor: User, path: LearningPath, user: User) -> bool:
    from szkola.accounts.permissions import user_may_act_on_voivodeship

    if actor.pk == user.pk:
        return path.is_open
    if user_may_act_on_voivodeship(actor, path.organiser):
        return True
    # A team's animator may put their members on an open path.
    return path.is_open and animated_by(actor, user)


@transaction.atomic
def path_join(
    *, actor: User, path: LearningPath, user: User
) -> tuple[PathEnrolment, bool]:
    """Put ``user`` on ``path`` (themselves, their team's animator, or a
    coordinator of the path's organiser). What they completed before counts
    at once. Returns ``(enrolment, created)``. Raises ProgrammeError
    ``forbidden``."""
    if not _may_enrol(actor=actor, path=path, user=user):
        raise ProgrammeError(
            "forbidden", _("Nie możesz zapisać tej osoby na tę ścieżkę.")
        )
    enrolment, created = PathEnrolment.objects.get_or_create(
        path=path, user=user, defaults={"joined_by": actor}
    )
    if created:
        audit_log(
            actor=actor,
            action="programme.path.joined",
            obj=enrolment,
            data={"path": path.pk, "user": user.pk},
        )
        path_progress_refresh(user_id=user.pk, path_ids=[path.pk])
        enrolment.refresh_from_db()
    return enrolment, created


@transaction.atomic
def path_team_join(*, actor: User, path: LearningPath, team: Team) -> int:
    """Put every current member of ``team`` on ``path``; returns how many
    were added. Raises ProgrammeError ``forbidden``."""
    added = 0
    for member in team.members.filter(removed_at__isnull=True).select_related("user"):
        _enrolment, created = path_join(actor=actor, path=path, user=member.user)
        added += int(created)
    return added


@transaction.atomic
def path_progress_refresh(
    *, user_id: int, path_ids: list[int] | None = None
) -> list[PathEnrolment]:
    """Complete every path of the person whose rule now holds; returns the
    enrolments completed by this call. Each is recorded once (the row is
    locked) and announced with ``path_completed`` after commit."""
    from ..selectors import done_items

    enrolments = PathEnrolment.objects.select_for_update().filter(
        user_id=user_id, completed_at__isnull=True
    )
    if path_ids is not None:
        enrolments = enrolments.filter(path_id__in=path_ids)
    enrolments = list(enrolments.select_related("path", "user"))
    if not enrolments:
        return []
    done = done_items(user_ids=[user_id]).get(user_id, [])
    completed = []
    for enrolment in enrolments:
        path = enrolment.path
        components = list(path.components.select_related("course").all())
        progress = path_progress(
            components=components, min_optional=path.min_optional, done=done
        )
        if not progress.complete:
            continue
        source = path_source(path=path, progress=progress, enrolment_id=enrolment.pk)
        enrolment.completed_at = timezone.now()
        enrolment.snapshot = source
        enrolment.save(update_fields=["completed_at", "snapshot"])
        audit_log(
            actor=None,
            action="programme.path.completed",
            obj=enrolment,
            data={"path": path.pk, "hours": source["hours"]},
        )
        notify(
            enrolment.user,
            title=Text(N_("Ukończono ścieżkę: %(title)s"), {"title": path.title}),
            body=Text(
                N_(
                    "Gratulacje! Zaświadczenie ukończenia ścieżki pojawi się w zakładce Moje zaświadczenia."
                )
            ),
            url=reverse("programme:paths"),
            kind="success",
        )
        transaction.on_commit(
            lambda source=source: path_completed.send(
                sender=LearningPath, user_id=user_id, source=source
            )
        )
        completed.append(enrolment)
    return completed
