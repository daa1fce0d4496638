"""The demo: every past event and one course evaluated, and effect_summary,
called from outside on the demo data, agrees with the exported figures."""

import io

import pytest
from openpyxl import load_workbook

from szkola.home.models import HomePage
from szkola.home.tests.seeding import demo_seed, kept_data

from .. import demo, reports, selectors
from ..models import EvaluationPlan, SourceKind
from ..sources import source_get

pytestmark = pytest.mark.django_db

seeded = kept_data(demo_seed)


def test_demo_evaluates_past_events_and_a_course_and_agrees_with_export(
    seeded, django_capture_on_commit_callbacks
):
    home = HomePage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(home=home, stdout=io.StringIO())  # a second time: idempotent
    kinds = list(EvaluationPlan.objects.values_list("source_kind", flat=True))
    assert kinds.count(SourceKind.COURSE) == 1
    assert kinds.count(SourceKind.EVENT) >= 1
    checked = 0
    for plan in EvaluationPlan.objects.all():
        assert plan.outcomes.count() == 4
        assert plan.versions.count() == 1
        summary = selectors.effect_summary(
            source_kind=plan.source_kind, source_id=plan.source_id
        )
        source = source_get(kind=plan.source_kind, source_id=plan.source_id)
        book = load_workbook(io.BytesIO(reports.results_xlsx(plan=plan, source=source)))
        figures = {
            row[0]: row[1]
            for row in book["Podsumowanie"].iter_rows(min_row=2, values_only=True)
        }
        for key, label in reports.SUMMARY_ROWS:
            assert figures[label] == summary[key], (plan, key)
        if plan.source_kind == SourceKind.EVENT and summary["participants"]:
            assert summary["post_mean"] is not None
            assert summary["post_mean"] > summary["pre_mean"]
            assert summary["competences_gained"] > 0
            assert summary["survey_responses"] > 0
            assert 1 <= summary["satisfaction_mean"] <= 5
            checked += 1
    assert checked >= 1
