"""Pure rules of learning paths: what a component is called, whether a
completion rule can ever be met, and how far a person is along a path.

Models, forms, selectors and services all use these; nothing here touches
the database, so the rules can be tested (and reused) on plain values.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ComponentKind(models.TextChoices):
    COURSE = "course", gettext_lazy("kurs online")
    EVENT = "event", gettext_lazy("wydarzenie danego rodzaju")
    SUPPORT = "support", gettext_lazy("godziny wsparcia")


class SupportKind(models.TextChoices):
    COACHING = "coaching", gettext_lazy("coaching")
    SUPERVISION = "supervision", gettext_lazy("superwizja")
    ADVISORY = "advisory", gettext_lazy("doradztwo")


def _hours(value) -> str:
    value = Decimal(value or 0)
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
    return text.replace(".", ",")


def component_label(component) -> str:
    """What a component is called on pages and on the certificate."""
    if component.label:
        return component.label
    if component.kind == ComponentKind.COURSE:
        title = component.course.title if component.course_id else "—"
        return _("Kurs online: %(title)s") % {"title": title}
    if component.kind == ComponentKind.EVENT:
        from events.models import EventKind

        kind = (
            EventKind(component.event_kind).label
            if component.event_kind in EventKind.values
            else "—"
        )
        if (component.event_count or 1) == 1:
            return str(kind).capitalize()
        return _("%(kind)s (%(n)s)") % {
            "kind": str(kind).capitalize(),
            "n": component.event_count,
        }
    kind = (
        SupportKind(component.support_kind).label
        if component.support_kind in SupportKind.values
        else "—"
    )
    return _("%(kind)s: %(hours)s godz.") % {
        "kind": str(kind).capitalize(),
        "hours": _hours(component.support_hours),
    }


def rule_problems(*, components: list, min_optional: int) -> list[str]:
    """Why this path could never be completed, or is not a path at all, as
    Polish messages; an empty list when the rule can be met. ``components``
    are PathComponent instances or anything with the same attributes."""
    problems = []
    if not components:
        problems.append(_("Dodaj do ścieżki co najmniej jeden element."))
    for component in components:
        label = component.label or ComponentKind(component.kind).label
        if component.kind == ComponentKind.COURSE and not component.course_id:
            problems.append(
                _("Element „%(label)s”: wybierz kurs online.") % {"label": label}
            )
        elif component.kind == ComponentKind.EVENT:
            from events.models import EventKind

            if component.event_kind not in EventKind.values:
                problems.append(
                    _("Element „%(label)s”: wybierz rodzaj wydarzenia.")
                    % {"label": label}
                )
            if (component.event_count or 0) < 1:
                problems.append(
                    _("Element „%(label)s”: liczba wydarzeń musi być co najmniej 1.")
                    % {"label": label}
                )
        elif component.kind == ComponentKind.SUPPORT:
            if component.support_kind not in SupportKind.values:
                problems.append(
                    _("Element „%(label)s”: wybierz formę wsparcia.") % {"label": label}
                )
            if Decimal(component.support_hours or 0) <= 0:
                problems.append(
                    _("Element „%(label)s”: podaj liczbę godzin większą od zera.")
                    % {"label": label}
                )
    optional = [c for c in components if not c.required]
    required = [c for c in components if c.required]
    if min_optional > len(optional):
        problems.append(
            _(
                "Tej reguły nie da się spełnić: wymaga %(need)s elementów do wyboru, "
                "a ścieżka ma ich %(have)s."
            )
            % {"need": min_optional, "have": len(optional)}
        )
    if components and not required and min_optional == 0:
        problems.append(
            _(
                "Tej reguły nie da się sensownie spełnić: ścieżka nie ma elementów "
                "obowiązkowych, a liczba elementów do wyboru wynosi 0. Oznacz "
                "elementy jako obowiązkowe albo podaj, ile trzeba wybrać."
            )
        )
    courses = [c.course_id for c in components if c.kind == ComponentKind.COURSE]
    if len(courses) != len(set(courses)):
        problems.append(_("Ten sam kurs występuje w ścieżce dwa razy."))
    return problems


# --- Progress ----------------------------------------------------------------


@dataclass
class Done:
    """One completed thing a person did: a course, an event, a support session."""

    kind: str  # "course", "event", "support"
    key: str  # "course:12", "event:34", "support:56"
    title: str
    hours: Decimal
    date_from: date | None
    date_to: date | None
    subkind: str = ""  # event kind or support kind
    source_id: int = 0


@dataclass
class ComponentProgress:
    component: object
    label: str
    required: bool
    done: bool
    items: list[Done] = field(default_factory=list)
    have: Decimal = Decimal("0")  # events counted or hours gathered
    need: Decimal = Decimal("0")

    @property
    def hours(self) -> Decimal:
        return sum((item.hours for item in self.items), Decimal("0"))


@dataclass
class PathProgress:
    components: list[ComponentProgress]
    min_optional: int

    @property
    def required_done(self) -> bool:
        return all(c.done for c in self.components if c.required)

    @property
    def optional_done(self) -> int:
        return sum(1 for c in self.components if not c.required and c.done)

    @property
    def complete(self) -> bool:
        return self.required_done and self.optional_done >= self.min_optional

    @property
    def steps_total(self) -> int:
        return sum(1 for c in self.components if c.required) + self.min_optional

    @property
    def steps_done(self) -> int:
        return sum(1 for c in self.components if c.required and c.done) + min(
            self.optional_done, self.min_optional
        )

    @property
    def percent(self) -> int:
        """Share of the way, counting part of a component (2 of 4 coaching
        hours is half a step); 100 only when the rule holds."""
        total = self.steps_total
        if not total:
            return 100

        def share(c: "ComponentProgress") -> Decimal:
            return min(c.have / c.need, Decimal("1")) if c.need else Decimal("0")

        required = sum((share(c) for c in self.components if c.required), Decimal("0"))
        optional = sorted(
            (share(c) for c in self.components if not c.required), reverse=True
        )[: self.min_optional]
        value = int(100 * (required + sum(optional, Decimal("0"))) / total)
        return 100 if self.complete else min(value, 99)

    @property
    def next_components(self) -> list[ComponentProgress]:
        """What is still to do: required first; optional ones while more are
        needed."""
        todo = [c for c in self.components if c.required and not c.done]
        if self.optional_done < self.min_optional:
            todo += [c for c in self.components if not c.required and not c.done]
        return todo

    @property
    def counted(self) -> list[ComponentProgress]:
        return [c for c in self.components if c.done]

    @property
    def total_hours(self) -> Decimal:
        return sum((c.hours for c in self.counted), Decimal("0"))


def path_progress(
    *, components: list, min_optional: int, done: list[Done]
) -> PathProgress:
    """How far a person is along a path, from what they completed. A course
    or event counts towards one component only (the first that can use it),
    so one training never fills two "one training" slots."""
    used: set[str] = set()
    result = []
    for component in components:
        progress = ComponentProgress(
            component=component,
            label=component_label(component),
            required=component.required,
            done=False,
        )
        if component.kind == ComponentKind.COURSE:
            progress.need = Decimal("1")
            for item in done:
                if (
                    item.kind == "course"
                    and item.source_id == component.course_id
                    and item.key not in used
                ):
                    progress.items = [item]
                    used.add(item.key)
                    break
            progress.have = Decimal(len(progress.items))
        elif component.kind == ComponentKind.EVENT:
            progress.need = Decimal(component.event_count or 1)
            for item in sorted(done, key=lambda d: d.date_from or date.min):
                if len(progress.items) >= component.event_count:
                    break
                if (
                    item.kind == "event"
                    and item.subkind == component.event_kind
                    and item.key not in used
                ):
                    progress.items.append(item)
                    used.add(item.key)
            progress.have = Decimal(len(progress.items))
        else:
            progress.need = Decimal(component.support_hours or 0)
            for item in sorted(done, key=lambda d: d.date_from or date.min):
                if progress.have >= progress.need:
                    break
                if (
                    item.kind == "support"
                    and item.subkind == component.support_kind
                    and item.key not in used
                ):
                    progress.items.append(item)
                    progress.have += item.hours
                    used.add(item.key)
        progress.done = progress.have >= progress.need > 0
        result.append(progress)
    return PathProgress(components=result, min_optional=min_optional)


# Where the issuing ROPS/MCPS sits: the place printed on a path certificate
# (a path has no single venue).
ORGANISER_SEAT = {
    "18": "Rzeszów",
    "06": "Lublin",
    "14": "Warszawa",
    "20": "Białystok",
    "26": "Kielce",
    "MR": "Rzeszów",
}


def path_source(*, path, progress: PathProgress, enrolment_id: int) -> dict:
    """The plain-JSON announcement of a completed path (see signals.py)."""
    from .signals import path_completed  # noqa: F401 - documents the shape

    counted = progress.counted
    dates = [
        d
        for c in counted
        for item in c.items
        for d in (item.date_from, item.date_to)
        if d
    ]
    programme = []
    for c in counted:
        for item in c.items:
            when = ""
            if item.date_from:
                when = item.date_from.strftime("%d.%m.%Y")
                if item.date_to and item.date_to != item.date_from:
                    when += " – " + item.date_to.strftime("%d.%m.%Y")
            if item.kind == "course" and not c.component.label:
                topic = c.label  # "Kurs online: <title>" already
            elif item.kind == "support":
                kind = SupportKind(item.subkind).label if item.subkind else ""
                topic = f"{str(kind).capitalize()}: {item.title}"
            else:
                topic = f"{c.label}: {item.title}"
            programme.append(
                {
                    "topic": f"{topic} ({when})" if when else topic,
                    "hours": f"{item.hours:.1f}",
                }
            )
    return {
        "kind": "path",
        "id": path.pk,
        "title": path.title,
        "hours": f"{progress.total_hours:.1f}",
        "date_from": min(dates).isoformat() if dates else None,
        "date_to": max(dates).isoformat() if dates else None,
        "place": ORGANISER_SEAT.get(path.organiser, ""),
        "organiser": path.organiser,
        "programme": programme,
        "language": "pl",
        "completion_id": enrolment_id,
    }
