"""Background work: thin wrappers that load by id and send."""

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def team_invitation_email_task(member_id: int, account_created: bool) -> None:
    """Email an invited team member: for a new account with a link to set
    the password, for an existing one a link to the team page."""
    from .messaging import invitation_email_body
    from .models import TeamMember

    member = (
        TeamMember.objects.select_related("team", "user").filter(pk=member_id).first()
    )
    if member is None or not member.user.email:
        return
    EmailMessage(
        subject="[Szkoła Kooperacji] "
        + invitation_email_body(member=member, account_created=account_created)[0],
        body=invitation_email_body(member=member, account_created=account_created)[1],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[member.user.email],
    ).send()
