"""Plain factory functions for people in tests."""

import itertools
import time

from allauth.account.models import EmailAddress

from szkola.accounts.models import User
from szkola.accounts.services import role_set

_counter = itertools.count(1)
PASSWORD = "Bezpieczne-Haslo-2021"


def user_create(*, email: str | None = None, verified: bool = True, **fields) -> User:
    email = email or f"osoba{next(_counter)}@gmina.example.pl"
    fields.setdefault("first_name", "Anna")
    fields.setdefault("last_name", "Nowak")
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def trainer_create(**kwargs) -> User:
    user = user_create(**kwargs)
    role_set(user=user, is_trainer=True, coordinator_scope="")
    return user


def coordinator_create(*, scope: str = "18", **kwargs) -> User:
    user = user_create(**kwargs)
    role_set(user=user, is_trainer=False, coordinator_scope=scope)
    return user


def mark_session_mfa(client, user) -> None:
    """Record in the client's session that ``user`` used a second factor."""
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": "x"},
        {"method": "mfa", "at": time.time(), "type": "totp", "id": 1},
    ]
    session.save()


SIGNUP_DATA = {
    "email": "maria.wisniewska@gops-krasne.pl",
    "password1": "Kooperacja-w-gminie-7",
    "password2": "Kooperacja-w-gminie-7",
    "first_name": "Maria",
    "last_name": "Wiśniewska",
    "institution_name": "Gminny Ośrodek Pomocy Społecznej w Krasnem",
    "institution_sector": "ops",
    "position": "pracownik socjalny",
    "gmina": "Krasne",
    "powiat": "rzeszowski",
    "voivodeship": "18",
    "pzk_team": "PZK Krasne",
    "consent": "on",
}
