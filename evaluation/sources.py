"""What evaluation needs to know about a course or an event, read through the
public models and selectors of ``courses`` and ``events`` (which never
import this app). One small adapter so the rest of the app speaks of a
"source" and never branches on the kind itself."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .models import SourceKind


@dataclass(frozen=True)
class Source:
    kind: str
    id: int
    title: str
    organiser: str
    url: str
    trainer_ids: frozenset[int] = frozenset()
    speaker_names: tuple[str, ...] = ()
    # Events: the start of the first day and the end of the last day.
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    days: tuple = field(default=())  # ((day id, date, start, end), ...)

    @property
    def is_event(self) -> bool:
        return self.kind == SourceKind.EVENT


def source_get(*, kind: str, source_id) -> Source | None:
    """The course or event, or None when there is no such page."""
    try:
        source_id = int(source_id)
    except (TypeError, ValueError):
        return None
    if kind == SourceKind.COURSE:
        from courses.models import CoursePage

        course = CoursePage.objects.filter(pk=source_id).first()
        if course is None:
            return None
        trainers = CoursePage.trainers.through.objects.filter(
            coursepage_id=course.pk
        ).values_list("user_id", flat=True)
        return Source(
            kind=kind,
            id=course.pk,
            title=course.title,
            organiser=course.organiser,
            url=course.url or "",
            trainer_ids=frozenset(trainers),
        )
    if kind == SourceKind.EVENT:
        from events.models import EventPage

        event = (
            EventPage.objects.filter(pk=source_id)
            .prefetch_related("days", "speakers", "programme_items")
            .first()
        )
        if event is None:
            return None
        days = event.ordered_days
        tz = timezone.get_default_timezone()
        speakers = {s.name.strip() for s in event.speakers.all() if s.name.strip()}
        speakers |= {
            p.speaker.strip() for p in event.programme_items.all() if p.speaker.strip()
        }
        return Source(
            kind=kind,
            id=event.pk,
            title=event.title,
            organiser=event.organiser,
            url=event.url or "",
            speaker_names=tuple(sorted(speakers)),
            starts_at=(
                timezone.make_aware(
                    datetime.datetime.combine(days[0].date, days[0].start), tz
                )
                if days
                else None
            ),
            ends_at=event.ends_at(),
            days=tuple((d.pk, d.date, d.start, d.end) for d in days),
        )
    return None


def participant_ids(*, source: Source) -> list[int]:
    """People taking part: enrolled (active or completed) in a course, with a
    confirmed place at an event. Sorted by id."""
    if source.kind == SourceKind.COURSE:
        from courses.models import Enrolment

        ids = Enrolment.objects.filter(course_id=source.id).exclude(
            status=Enrolment.Status.CANCELLED
        )
    else:
        from events.models import Registration

        ids = Registration.objects.filter(
            event_id=source.id, status=Registration.Status.CONFIRMED
        )
    return sorted(set(ids.values_list("user_id", flat=True)))


def participants_with_voivodeship(*, source: Source) -> dict[int, str]:
    """{user id: voivodeship code} of the participants (the registration's
    snapshot for events, the profile for courses)."""
    if source.kind == SourceKind.COURSE:
        from courses.models import Enrolment

        rows = (
            Enrolment.objects.filter(course_id=source.id)
            .exclude(status=Enrolment.Status.CANCELLED)
            .values_list("user_id", "user__profile__voivodeship")
        )
    else:
        from events.models import Registration

        rows = Registration.objects.filter(
            event_id=source.id, status=Registration.Status.CONFIRMED
        ).values_list("user_id", "voivodeship")
    return {user_id: code or "" for user_id, code in rows}


def is_participant(*, source: Source, user) -> bool:
    if not user.is_authenticated:
        return False
    if source.kind == SourceKind.COURSE:
        from courses.models import Enrolment

        return (
            Enrolment.objects.filter(course_id=source.id, user=user)
            .exclude(status=Enrolment.Status.CANCELLED)
            .exists()
        )
    from events.models import Registration

    return Registration.objects.filter(
        event_id=source.id, user=user, status=Registration.Status.CONFIRMED
    ).exists()


def has_started(*, source: Source) -> bool:
    """The standard is frozen once the first participant starts: an enrolment
    in a course, a confirmed place at an event."""
    return bool(participant_ids(source=source))


def course_lessons_done(*, source: Source, user) -> bool:
    """Every required lesson of the course done (or the course completed):
    the moment a course's post-test and survey open."""
    from courses.models import CoursePage, Enrolment
    from courses.selectors import outline_requirements

    enrolment = (
        Enrolment.objects.filter(course_id=source.id, user=user)
        .exclude(status=Enrolment.Status.CANCELLED)
        .first()
    )
    if enrolment is None:
        return False
    if enrolment.status == Enrolment.Status.COMPLETED:
        return True
    lessons, _quizzes = outline_requirements(
        course=CoursePage.objects.get(pk=source.id)
    )
    done = set(enrolment.lesson_completions.values_list("lesson_id", flat=True))
    return lessons <= done


def sources_in_scope(*, voivodeships: list[str] | None) -> list[Source]:
    """Every course and event whose organiser is in ``voivodeships`` (None:
    all), newest first, as light Sources (no days or trainers)."""
    from courses.models import CoursePage
    from events.models import EventPage

    result = []
    for kind, model in ((SourceKind.EVENT, EventPage), (SourceKind.COURSE, CoursePage)):
        pages = model.objects.all()
        if voivodeships is not None:
            pages = pages.filter(organiser__in=voivodeships)
        for page in pages.order_by("-pk").only("pk", "title", "organiser"):
            result.append(
                Source(
                    kind=kind,
                    id=page.pk,
                    title=page.title,
                    organiser=page.organiser,
                    url="",
                )
            )
    return result
