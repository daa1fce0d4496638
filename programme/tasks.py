"""Background work: thin wrappers that load by id and send."""

from django_tasks import task


@task()
def team_invitation_email_task(member_id: int, account_created: bool) -> None:
    """Email an invited team member: for a new account with a link to set
    the password, for an existing one a link to the team page."""
    from .messaging import team_invitation_email
    from .models import TeamMember

    member = (
        TeamMember.objects.select_related("team", "user").filter(pk=member_id).first()
    )
    if member is None or not member.user.email:
        return
    team_invitation_email(member=member, account_created=account_created).send()
