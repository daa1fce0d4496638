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
