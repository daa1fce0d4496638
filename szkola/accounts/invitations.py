"""Accounts made for someone else (a coordinator registering a person who
has no account yet): the person gets an invitation email with a link where
they set their own password (allauth's password-reset-from-key page)."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from szkola.home.emails import email_build
from szkola.home.links import public_url

from .errors import AccountError
from .models import User
from .services import PROFILE_FIELDS, audit_log, profile_update


def invitation_url(user: User) -> str:
    """The absolute link where ``user`` sets a password (valid until they
    set one or sign in, as allauth's reset tokens are)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return public_url(path)


@transaction.atomic
def user_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    actor: User,
    reason: str = "",
    **profile_fields,
) -> User:
    """Create an account without a password for a person added by staff and
    email them an invitation (after commit) to set their password. The
    address stays unverified until they confirm it at first sign-in.

    Raises AccountError ``bad_email``, ``exists`` or ``name_required``."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise AccountError("bad_email", _("Podaj prawidłowy adres e-mail.")) from error
    if not (first_name or "").strip() or not (last_name or "").strip():
        raise AccountError("name_required", _("Podaj imię i nazwisko."))
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise AccountError(
            "exists", _("Konto z tym adresem e-mail już istnieje: wybierz je.")
        )
    fields = {k: v for k, v in profile_fields.items() if k in PROFILE_FIELDS}
    user = User.objects.create_user(email=email, password=None)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    profile_update(
        user=user, first_name=first_name, last_name=last_name, actor=actor, **fields
    )
    audit_log(
        actor=actor,
        action="accounts.user.invited",
        obj=user,
        data={"reason": reason} if reason else {},
    )
    user_id, inviter = user.pk, actor.get_full_name() or actor.email
    transaction.on_commit(lambda: _send_invitation(user_id, inviter, reason))
    return user


def _send_invitation(user_id: int, inviter: str, reason: str) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    email_build(
        to=user.email,
        subject=_("Zaproszenie: ustaw hasło do konta"),
        template="emails/accounts/invitation",
        context={
            "inviter": inviter,
            "reason": reason,
            "invitation_url": invitation_url(user),
        },
    ).send()
