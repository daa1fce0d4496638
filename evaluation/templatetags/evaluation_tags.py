"""``{% evaluation_panel page %}``: the learning outcomes of a course or
event page, and the participant's links to the tests and surveys. Course and
event templates load this tag; their Python code never imports evaluation."""

from django import template

register = template.Library()


@register.inclusion_tag("evaluation/includes/panel.html", takes_context=True)
def evaluation_panel(context, page):
    from .. import selectors
    from ..models import SourceKind, TestPhase
    from ..sources import is_participant, source_get

    kind = {"coursepage": SourceKind.COURSE, "eventpage": SourceKind.EVENT}.get(
        page._meta.model_name
    )
    if kind is None:
        return {"groups": []}
    plan = selectors.plan_for(source_kind=kind, source_id=page.pk)
    groups = selectors.outcomes_grouped(plan=plan)
    request = context.get("request")
    user = getattr(request, "user", None)
    links = []
    surveys = []
    if plan is not None and user is not None and user.is_authenticated:
        source = source_get(kind=kind, source_id=page.pk)
        if source and is_participant(source=source, user=user):
            if plan.question_bank_id:
                for phase in (TestPhase.PRE, TestPhase.POST):
                    result = selectors.knowledge_result_for(
                        plan=plan, user=user, phase=phase
                    )
                    links.append(
                        {
                            "label": TestPhase(phase).label,
                            "url": selectors.knowledge_test_path(
                                source_kind=kind, source_id=page.pk, phase=phase
                            ),
                            "score": result.score if result else None,
                        }
                    )
            for survey in selectors.surveys_of(plan=plan):
                surveys.append(
                    {
                        "survey": survey,
                        "answered": selectors.survey_has_answered(
                            survey=survey, user=user
                        ),
                    }
                )
    return {
        "groups": groups,
        "links": links,
        "surveys": surveys,
        "post_required": bool(plan and plan.post_test_required),
    }
