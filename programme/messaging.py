"""The programme's emails: the invitation to a PZK team, in the project's
frame (``szkola.home.emails``)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from szkola.accounts.invitations import invitation_url
from szkola.home.emails import email_build, emails_are_muted, emails_muted
from szkola.home.links import public_url

__all__ = ["emails_are_muted", "emails_muted", "team_invitation_email"]


def team_invitation_email(*, member, account_created: bool):
    """The invitation to a team: for an account made for the person, with
    the link to set a first password; otherwise with the team page."""
    team = member.team
    return email_build(
        to=member.user.email,
        subject=_("Zaproszenie do zespołu %(team)s") % {"team": team.name},
        template="emails/programme/team_invitation",
        context={
            "team": team,
            "account_created": account_created,
            "password_url": invitation_url(member.user) if account_created else "",
            "team_url": public_url(reverse("programme:team")),
        },
    )
