import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from szkola.accounts.errors import AccountError
from szkola.accounts.invitations import user_invite
from szkola.accounts.models import AuditEntry, User

from .factories import coordinator_create, user_create

pytestmark = pytest.mark.django_db


def test_invited_account_has_no_password_and_gets_a_link(
    django_capture_on_commit_callbacks,
):
    coordinator = coordinator_create(scope="20")

    with django_capture_on_commit_callbacks(execute=True):
        user = user_invite(
            email="maria.nowak@gops.example.pl",
            first_name="Maria",
            last_name="Nowak",
            actor=coordinator,
            institution_name="GOPS Choroszcz",
            voivodeship="20",
        )

    assert not user.has_usable_password()
    assert user.profile.institution_name == "GOPS Choroszcz"
    address = EmailAddress.objects.get(user=user)
    assert (address.primary, address.verified) == (True, False)
    assert AuditEntry.objects.filter(
        action="accounts.user.invited", actor=coordinator
    ).exists()
    (message,) = mail.outbox
    assert message.to == ["maria.nowak@gops.example.pl"]
    assert "/konto/password/reset/key/" in message.body


@pytest.mark.parametrize(
    ("email", "first", "last", "code"),
    [
        ("nie-adres", "A", "B", "bad_email"),
        ("ISTNIEJE@example.org", "A", "B", "exists"),
        ("nowy@example.org", "", "B", "name_required"),
    ],
)
def test_invite_refusals_create_nothing(email, first, last, code):
    user_create(email="istnieje@example.org")
    coordinator = coordinator_create(scope="20")
    before = User.objects.count()

    with pytest.raises(AccountError) as error:
        user_invite(email=email, first_name=first, last_name=last, actor=coordinator)

    assert error.value.code == code
    assert User.objects.count() == before
    assert not mail.outbox
