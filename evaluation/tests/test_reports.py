import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from courses.tests.factories import answers_for

from .. import reports, selectors, services
from .factories import (
    EVENT,
    assessed_plan,
    assessor_create,
    confirmed,
    coordinator_create,
    course_with_bank,
    past_event,
    staff_login,
    trainer_create,
    user_create,
)

pytestmark = pytest.mark.django_db


def _evaluated_event(organiser="20"):
    _course, bank = course_with_bank()
    event = past_event(organiser=organiser)
    assessor = assessor_create()
    plan = assessed_plan(event, assessor=assessor, bank=bank)
    survey = services.survey_ensure(actor=None, source_kind=EVENT, source_id=event.pk)
    people = [confirmed(event, user_create(voivodeship=v)) for v in ("20", "20", "06")]
    for i, person in enumerate(people):
        kwargs = dict(user=person, source_kind=EVENT, source_id=event.pk)
        services.knowledge_test_submit(
            phase="pre", answers=answers_for(bank, correct=False), **kwargs
        )
        services.knowledge_test_submit(
            phase="post", answers=answers_for(bank, correct=i != 2), **kwargs
        )
        services.assessment_record(
            assessor=assessor,
            source_kind=EVENT,
            source_id=event.pk,
            participant=person,
            decisions={o.pk: i != 2 for o in plan.outcomes.all()},
            method="task",
            assessed_on=timezone.localdate(),
        )
        services.survey_answer(
            user=person,
            survey_id=survey.pk,
            answers={
                q["key"]: (3 + i if q["kind"] == "scale" else '=HYPERLINK("x")')
                for q in survey.questions
            },
        )
    return event, plan


def test_effect_summary_agrees_with_the_xlsx_export():
    event, plan = _evaluated_event()
    summary = selectors.effect_summary(source_kind=EVENT, source_id=event.pk)
    assert summary == {
        "participants": 3,
        "pre_mean": 0.0,
        "post_mean": 66.7,
        "competences_gained": 2,
        "survey_responses": 3,
        "satisfaction_mean": 4.0,
    }
    source = services.source_require(source_kind=EVENT, source_id=event.pk)
    book = load_workbook(io.BytesIO(reports.results_xlsx(plan=plan, source=source)))
    sheet = book["Podsumowanie"]
    figures = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for key, label in reports.SUMMARY_ROWS:
        assert figures[label] == summary[key], key
    people = list(book["Uczestnicy"].iter_rows(min_row=2, values_only=True))
    assert sum(1 for r in people if r[5] == "tak") == summary["competences_gained"]


def test_export_is_formula_safe():
    event, plan = _evaluated_event()
    source = services.source_require(source_kind=EVENT, source_id=event.pk)
    book = load_workbook(io.BytesIO(reports.results_xlsx(plan=plan, source=source)))
    cells = [c for row in book["Odpowiedzi otwarte"].iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    assert all(c.data_type != "f" for c in cells)


def test_indicator_per_voivodeship():
    _evaluated_event()
    rows = {r["code"]: r for r in selectors.competences_by_voivodeship()}
    assert (rows["20"]["participants"], rows["20"]["gained"]) == (2, 2)
    assert (rows["06"]["participants"], rows["06"]["gained"]) == (1, 0)
    assert rows["MR"]["percent"] == 66.7


def test_chart_is_accessible_svg_with_values_as_text():
    svg = reports.distribution_svg(
        distribution={"bands": ["0–20%", "21–40%"], "pre": [3, 1], "post": [0, 4]}
    )
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "0–20%: przed 3, po 0" in svg
    assert ">4</text>" in svg  # the value is written on the bar
    assert "kreskowane" in svg  # the series differ without colour


def test_results_page_for_coordinator_in_scope_not_another(client):
    event, _plan = _evaluated_event(organiser="20")
    staff_login(client, coordinator_create(scope="20"))
    url = f"/admin/ewaluacja/event/{event.pk}/wyniki/"
    html = client.get(url).content.decode()
    assert "Wyniki testu przed i po zajęciach" in html and "<svg" in html
    assert "66.7%" in html or "66,7%" in html
    xlsx = client.get(url + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    staff_login(client, coordinator_create(scope="06"))
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    for refused in (client.get(url), client.get(url + "?format=xlsx")):
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_leader_sees_indicator_of_all_and_trainer_not_of_other_course(client):
    event, _plan = _evaluated_event(organiser="20")
    staff_login(client, coordinator_create(scope="MR"))
    assert "podlaskie" in client.get("/admin/ewaluacja/wskaznik/").content.decode()
    staff_login(client, trainer_create())
    for path in (f"/admin/ewaluacja/event/{event.pk}/", "/admin/ewaluacja/wskaznik/"):
        refused = client.get(path)
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_effect_summary_and_sheet_queries_do_not_grow_with_participants():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event, plan = _evaluated_event()
    source = services.source_require(source_kind=EVENT, source_id=event.pk)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.effect_summary(source_kind=EVENT, source_id=event.pk)
            selectors.assessment_sheet(plan=plan, source=source)
        return len(queries)

    before = count()
    for _ in range(4):
        confirmed(event)
    assert count() == before
