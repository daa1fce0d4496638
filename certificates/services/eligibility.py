"""Who may receive a certificate now: the issuer's scope, the recipient's
name, and what the evaluation plan makes the certificate wait for (the
post-test, the assessment). For one completion (``certificate_issue``) and
for a whole bulk-issue chunk at once, with the same rules and messages."""

from django.utils.translation import gettext as _

from szkola.accounts.models import User
from szkola.accounts.permissions import user_may_act_on_voivodeship

from ..errors import CertificateError
from ..models import Completion


def actor_check(actor: User | None, organiser: str) -> None:
    if actor is not None and not user_may_act_on_voivodeship(actor, organiser):
        raise CertificateError(
            "not_allowed", _("Nie możesz wydawać zaświadczeń tego organizatora.")
        )


def recipient_name_of(user: User) -> str:
    name = user.get_full_name().strip()
    if not name:
        raise CertificateError(
            "name_missing",
            _(
                "Uczestnik nie ma imienia i nazwiska w profilu: uzupełnij je przed wydaniem."
            ),
        )
    return name


def _outcomes_apply(completion: Completion, found: dict) -> None:
    """Raise what the plan still waits for; else put the person's learning
    outcomes into the source snapshot the PDF is drawn from, as
    ``snapshot["outcomes"]`` (saved when they changed)."""
    if found["post_test_required"] and not found["post_test_done"]:
        raise CertificateError(
            "post_test_missing",
            _(
                "Zaświadczenie wymaga rozwiązania testu wiedzy po zajęciach: "
                "ta osoba jeszcze go nie rozwiązała."
            ),
        )
    if found["required"] and not found["ready"]:
        raise CertificateError(
            "assessment_missing",
            _(
                "Zaświadczenie wymaga potwierdzenia efektów uczenia się przez "
                "asesora: ta osoba nie ma ich jeszcze potwierdzonych."
            ),
        )
    if found["outcomes"] and completion.snapshot.get("outcomes") != found["outcomes"]:
        completion.snapshot = {**completion.snapshot, "outcomes": found["outcomes"]}
        completion.save(update_fields=["snapshot"])


def outcomes_into_snapshot(completion: Completion) -> None:
    """Learning outcomes the person achieved (from the evaluation app's read
    interface) go into the completion's snapshot. When the evaluation plan
    makes the certificate wait for the post-test or the assessment, a person
    without them gets none yet: CertificateError (post_test_missing,
    assessment_missing)."""
    from evaluation.selectors import certificate_outcomes

    found = certificate_outcomes(
        user_id=completion.user_id,
        source_kind=completion.source_kind,
        source_id=completion.source_id,
    )
    _outcomes_apply(completion, found)


def eligibility_many(
    *, completions: list[Completion], issued_by: User | None
) -> dict[int, CertificateError]:
    """Check completions of one source (users loaded) as ``certificate_issue``
    would, in a number of queries that does not grow with them; returns
    {completion id: the refusal} for those that may not be issued now. The
    others have their outcomes in their snapshot."""
    from evaluation.selectors import certificate_outcomes_many

    refused: dict[int, CertificateError] = {}
    if not completions:
        return refused
    allowed: dict[str, CertificateError | None] = {}
    candidates = []
    for completion in completions:
        try:
            if completion.organiser not in allowed:
                try:
                    actor_check(issued_by, completion.organiser)
                    allowed[completion.organiser] = None
                except CertificateError as error:
                    allowed[completion.organiser] = error
            if allowed[completion.organiser] is not None:
                raise allowed[completion.organiser]
            recipient_name_of(completion.user)
        except CertificateError as error:
            refused[completion.pk] = error
        else:
            candidates.append(completion)
    if not candidates:
        return refused
    first = candidates[0]
    found = certificate_outcomes_many(
        user_ids=[c.user_id for c in candidates],
        source_kind=first.source_kind,
        source_id=first.source_id,
    )
    for completion in candidates:
        try:
            _outcomes_apply(completion, found[completion.user_id])
        except CertificateError as error:
            refused[completion.pk] = error
    return refused
