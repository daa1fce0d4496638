"""Every write of the evaluation app (one module per stage of the four-stage
verification, plus the survey)."""

from .assessment import assessment_record
from .knowledge import (
    knowledge_test_invite,
    knowledge_test_submit,
    paper_result_enter,
    score_answers,
)
from .outcomes import (
    outcomes_save,
    plan_ensure,
    plan_people_set,
    plan_settings_update,
    source_require,
)
from .surveys import (
    default_questions,
    survey_answer,
    survey_ensure,
    survey_questions_update,
    survey_remind,
)

__all__ = [
    "assessment_record",
    "default_questions",
    "knowledge_test_invite",
    "knowledge_test_submit",
    "outcomes_save",
    "paper_result_enter",
    "plan_ensure",
    "plan_people_set",
    "plan_settings_update",
    "score_answers",
    "source_require",
    "survey_answer",
    "survey_ensure",
    "survey_questions_update",
    "survey_remind",
]
