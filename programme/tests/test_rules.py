"""The pure path rules, on plain values (no database)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from ..rules import Done, path_progress, rule_problems


def component(kind, required=True, **fields):
    values = {
        "kind": kind,
        "required": required,
        "label": "",
        "course_id": None,
        "course": None,
        "event_kind": "",
        "event_count": 1,
        "support_kind": "",
        "support_hours": Decimal("0"),
    }
    values.update(fields)
    return SimpleNamespace(**values)


def course(course_id, required=True):
    return component(
        "course",
        required,
        course_id=course_id,
        course=SimpleNamespace(title=f"Kurs {course_id}"),
    )


def training(n=1, required=True, kind="training2"):
    return component("event", required, event_kind=kind, event_count=n)


def coaching(hours, required=True):
    return component(
        "support", required, support_kind="coaching", support_hours=Decimal(hours)
    )


def done_event(pk, kind="training2", day=1, hours="16"):
    return Done(
        kind="event",
        key=f"event:{pk}",
        title=f"Szkolenie {pk}",
        hours=Decimal(hours),
        date_from=date(2021, 2, day),
        date_to=date(2021, 2, day + 1),
        subkind=kind,
        source_id=pk,
    )


def done_support(pk, hours):
    return Done(
        kind="support",
        key=f"support:{pk}",
        title="Coaching",
        hours=Decimal(hours),
        date_from=date(2021, 3, pk),
        date_to=date(2021, 3, pk),
        subkind="coaching",
        source_id=pk,
    )


def test_a_rule_needing_more_optional_components_than_exist_is_refused():
    problems = rule_problems(
        components=[course(1), training(required=False)], min_optional=2
    )
    assert problems and "nie da się spełnić" in problems[0]
    assert "wymaga 2" in problems[0] and "ma ich 1" in problems[0]


def test_an_empty_path_is_refused():
    assert rule_problems(components=[], min_optional=0) == [
        "Dodaj do ścieżki co najmniej jeden element."
    ]


def test_only_optional_components_and_zero_to_choose_is_refused():
    problems = rule_problems(components=[training(required=False)], min_optional=0)
    assert any("nie ma elementów obowiązkowych" in p for p in problems)


def test_components_without_what_they_count_are_refused():
    problems = rule_problems(
        components=[
            component("course"),
            component("event", event_kind="", event_count=0),
            component("support", support_kind="coaching", support_hours=Decimal("0")),
        ],
        min_optional=0,
    )
    assert len(problems) == 4


def test_a_sound_rule_passes():
    assert (
        rule_problems(
            components=[course(1), training(), coaching("4", required=False)],
            min_optional=1,
        )
        == []
    )


def test_one_training_does_not_fill_two_training_slots():
    progress = path_progress(
        components=[training(), training()], min_optional=0, done=[done_event(7)]
    )
    assert [c.done for c in progress.components] == [True, False]
    assert not progress.complete


def test_event_kind_must_match():
    progress = path_progress(
        components=[training(kind="exchange")], min_optional=0, done=[done_event(7)]
    )
    assert not progress.complete


def test_support_hours_add_up_across_sessions():
    components = [coaching("4")]
    assert not path_progress(
        components=components, min_optional=0, done=[done_support(1, "2")]
    ).complete
    progress = path_progress(
        components=components,
        min_optional=0,
        done=[done_support(1, "2"), done_support(2, "2")],
    )
    assert progress.complete
    assert progress.total_hours == Decimal("4")


def test_optional_components_count_up_to_the_rule():
    components = [course(1), training(required=False), coaching("2", required=False)]
    done = [
        Done(
            "course",
            "course:1",
            "Kurs 1",
            Decimal("8"),
            date(2021, 1, 4),
            date(2021, 1, 20),
            source_id=1,
        )
    ]
    progress = path_progress(components=components, min_optional=1, done=done)
    assert not progress.complete
    assert (
        progress.steps_total == 2
        and progress.steps_done == 1
        and progress.percent == 50
    )
    assert [c.label for c in progress.next_components] == [
        "Szkolenie dwudniowe",
        "Coaching: 2 godz.",
    ]
    progress = path_progress(
        components=components, min_optional=1, done=done + [done_support(3, "2")]
    )
    assert progress.complete
    assert progress.next_components == []


def test_part_of_the_support_hours_shows_in_the_percent():
    progress = path_progress(
        components=[coaching("4"), training()],
        min_optional=0,
        done=[done_support(1, "2")],
    )
    assert progress.steps_done == 0
    assert progress.percent == 25
