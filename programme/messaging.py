"""The text of the programme's emails (Polish first, translatable)."""

import contextlib
import contextvars

from django.utils.translation import gettext as _

# Seeding demo data sends no invitation emails to the made-up addresses.
_emails_muted = contextvars.ContextVar("programme_emails_muted", default=False)


@contextlib.contextmanager
def emails_muted():
    token = _emails_muted.set(True)
    try:
        yield
    finally:
        _emails_muted.reset(token)


def emails_are_muted() -> bool:
    return _emails_muted.get()


def _site(path: str) -> str:
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def password_set_url(user) -> str:
    """allauth's own password-reset link, which doubles as the invitation to
    set a first password on an account made for the person."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    return _site(
        reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
    )


def invitation_email_body(*, member, account_created: bool) -> tuple[str, str]:
    """(subject, body) of the invitation to a team."""
    from django.urls import reverse

    team = member.team
    subject = _("Zaproszenie do zespołu %(team)s") % {"team": team.name}
    lines = [
        _("Dzień dobry,"),
        "",
        _(
            "koordynator projektu „Liderzy kooperacji” dołączył Cię do "
            "Partnerskiego Zespołu Kooperacji „%(team)s” (gmina %(gmina)s, powiat "
            "%(powiat)s) w serwisie Szkoły Kooperacji."
        )
        % {"team": team.name, "gmina": team.gmina, "powiat": team.powiat},
        "",
    ]
    if account_created:
        lines += [
            _("Założyliśmy dla Ciebie konto na ten adres e-mail. Ustaw hasło tutaj:"),
            password_set_url(member.user),
            "",
            _(
                "Link jest ważny przez kilka dni; potem użyj „Nie pamiętasz hasła?” na stronie logowania."
            ),
        ]
    else:
        lines += [
            _("Stronę zespołu znajdziesz po zalogowaniu:"),
            _site(reverse("programme:team")),
        ]
    lines += [
        "",
        _("Szkoła Kooperacji"),
        "--",
        _(
            "Projekt „Liderzy kooperacji” współfinansowany ze środków Unii "
            "Europejskiej w ramach Europejskiego Funduszu Społecznego."
        ),
    ]
    return subject, "\n".join(lines)
