from szkola.accounts.errors import DomainError


class EvaluationError(DomainError):
    """A refused evaluation operation; ``code`` is stable, ``message`` Polish.

    Codes: ``not_allowed``, ``not_found``, ``frozen_reason_required``,
    ``invalid_outcomes``, ``no_question_bank``, ``not_participant``,
    ``already_taken``, ``too_early``, ``invalid_answer``, ``invalid_score``,
    ``assessor_taught``, ``not_assessor``, ``invalid_assessment``,
    ``survey_closed``, ``already_answered``, ``invalid_survey``."""
