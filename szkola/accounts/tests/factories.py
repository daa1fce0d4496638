"""People for tests: one factory for ``User`` that every app's tests use.

``UserFactory`` goes through the same doors as the application: the
manager's ``create_user`` (hashed password, normalised email), allauth's
``EmailAddress`` row, and the accounts services for the profile and the
roles, so a factory-made person passed the same rules as a real one.
"""

import time

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from szkola.accounts.models import User
from szkola.accounts.services import profile_update, role_set

PASSWORD = "Bezpieczne-Haslo-2021"


class UserFactory(DjangoModelFactory):
    """A person who can sign in.

    Besides the model's fields it takes:

    - ``password`` (default ``PASSWORD``);
    - ``verified``: ``True`` or ``False`` gives the person a primary allauth
      email address, confirmed or not; ``None`` gives none;
    - ``profile``: profile fields set through ``profile_update`` (the name
      is then set by the service too, as when a person edits their profile);
    - ``is_trainer`` and ``coordinator_scope``: roles given through
      ``role_set`` (the person is then read back from the database).
    """

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"osoba{n}@gmina.example.pl")
    first_name = "Anna"
    last_name = "Nowak"
    password = PASSWORD
    verified = True
    profile = None
    is_trainer = False
    coordinator_scope = ""

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        password,
        verified,
        profile,
        is_trainer,
        coordinator_scope,
        **fields,
    ):
        names = {
            "first_name": fields.pop("first_name", ""),
            "last_name": fields.pop("last_name", ""),
        }
        if profile is None:
            fields.update(names)
        user = model_class.objects.create_user(password=password, **fields)
        if verified is not None:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True, verified=verified
            )
        if profile is not None:
            profile_update(user=user, **names, **profile)
        if is_trainer or coordinator_scope:
            role_set(
                user=user,
                is_trainer=is_trainer,
                coordinator_scope=coordinator_scope,
                actor=None,
            )
            user.refresh_from_db()
        return user


def user_create(**fields) -> User:
    return UserFactory(**fields)


def trainer_create(**fields) -> User:
    return UserFactory(is_trainer=True, **fields)


def coordinator_create(*, scope: str = "18", **fields) -> User:
    return UserFactory(coordinator_scope=scope, **fields)


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
