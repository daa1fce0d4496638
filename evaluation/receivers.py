"""Listeners of signals the lower apps send."""


def course_completion_veto(sender, *, user_id: int, course_id: int, **kwargs):
    """A course whose plan requires the post-test is not complete before the
    participant has taken it (courses asks; it never imports this app)."""
    from .models import EvaluationPlan, SourceKind, TestPhase, TestResult

    plan = EvaluationPlan.objects.filter(
        source_kind=SourceKind.COURSE, source_id=course_id, post_test_required=True
    ).first()
    if plan is None:
        return None
    if TestResult.objects.filter(
        plan=plan, user_id=user_id, phase=TestPhase.POST
    ).exists():
        return None
    return False


def event_participant_links(sender, *, event_id: int, **kwargs) -> list[dict]:
    """The event's pre- and post-test, for its attendance list and reminder
    email (events asks; it never imports this app)."""
    from .models import SourceKind
    from .selectors import knowledge_test_links

    return [
        {"label": link["label"], "url": link["url"]}
        for link in knowledge_test_links(
            source_kind=SourceKind.EVENT, source_id=event_id
        )
    ]
