"""What ``seed_demo`` builds: the people, their accounts and the site's
pages, read from one demo seeded for the whole module (see
``szkola.home.tests.seeding``)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt

from szkola.accounts.constants import InstitutionSector
from szkola.accounts.models import Consent, Profile, User
from szkola.home import demo_people as people
from szkola.home.models import (
    AccessibilityDeclarationPage,
    HomePage,
    SiteSettings,
    StandardPage,
)
from szkola.home.tests.seeding import demo_seed, kept_data

pytestmark = pytest.mark.django_db

demo = kept_data(demo_seed)


def test_creates_one_coordinator_per_voivodeship_and_the_leaders(demo):
    scopes = dict(
        Profile.objects.exclude(coordinator_scope="").values_list(
            "user__email", "coordinator_scope"
        )
    )
    expected = {email: code for code, email in people.COORDINATOR_EMAILS.items()}
    expected[people.LEADER_COORDINATOR_EMAIL] = "MR"
    assert scopes == expected


def test_creates_two_trainers(demo):
    trainers = Profile.objects.filter(is_trainer=True).values_list(
        "user__email", flat=True
    )
    assert sorted(trainers) == sorted(people.TRAINER_EMAILS)


def test_creates_forty_participants_with_complete_profiles(demo):
    participants = Profile.objects.filter(
        user__email__in=people.PARTICIPANT_EMAILS
    ).select_related("user")
    assert participants.count() == 40
    assert all(p.is_complete and p.gmina and p.powiat for p in participants)
    assert not any(p.is_trainer or p.coordinator_scope for p in participants)


def test_participants_cover_every_institution_sector(demo):
    sectors = set(
        Profile.objects.filter(user__email__in=people.PARTICIPANT_EMAILS).values_list(
            "institution_sector", flat=True
        )
    )
    assert sectors == set(InstitutionSector.values)


def test_participants_have_rodo_consent(demo):
    consenting = set(
        Consent.objects.filter(kind=Consent.Kind.RODO).values_list(
            "user__email", flat=True
        )
    )
    assert set(people.PARTICIPANT_EMAILS) <= consenting
    # The other consenting people are the programme's team members, animator
    # and coach, who signed up like participants; no staff account.
    staff = set(people.COORDINATOR_EMAILS.values()) | {people.LEADER_COORDINATOR_EMAIL}
    assert not consenting & staff


def test_only_admin_is_superuser(demo):
    assert list(
        User.objects.filter(is_superuser=True).values_list("email", flat=True)
    ) == [people.ADMIN_EMAIL]


def test_every_staff_account_has_totp_with_demo_secret(demo):
    staff = [
        people.ADMIN_EMAIL,
        people.LEADER_COORDINATOR_EMAIL,
        *people.COORDINATOR_EMAILS.values(),
        *people.TRAINER_EMAILS,
    ]
    totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert sorted(totp.values_list("user__email", flat=True)) == sorted(staff)
    assert {decrypt(a.data["secret"]) for a in totp} == {people.DEMO_TOTP_SECRET}


def test_every_account_has_a_verified_primary_email(demo):
    # 49 people of the base demo, 6 of the programme's PZK team and coaching,
    # the evaluation's assessor.
    assert User.objects.count() == 56
    assert (
        EmailAddress.objects.filter(primary=True, verified=True).count()
        == User.objects.count()
    )


def test_every_account_has_the_demo_password(demo):
    assert all(u.check_password(people.DEMO_PASSWORD) for u in User.objects.all())


def test_creates_the_footer_pages_under_home(demo):
    home = HomePage.objects.get()
    slugs = set(
        StandardPage.objects.child_of(home).live().values_list("slug", flat=True)
    )
    assert slugs == {"ochrona-danych", "o-projekcie"}
    # The declaration is its own page type with the statutory structure.
    assert AccessibilityDeclarationPage.objects.child_of(home).live().get().slug == (
        "deklaracja-dostepnosci"
    )
    assert home.title == "Szkoła Kooperacji"
    assert home.lead


def test_fills_site_settings_with_the_organisation(demo):
    site_settings = SiteSettings.objects.get()
    assert site_settings.organisation_name.startswith(
        "Regionalny Ośrodek Polityki Społecznej"
    )
    assert "Rzeszów" in site_settings.organisation_address
    assert site_settings.contact_email


def test_demo_certificates_carry_their_issuer_and_signatories(demo):
    """Courses and events issue certificates while they seed: the templates
    and the voivodeships' issuing bodies exist before that."""
    from certificates.demo import ISSUING_BODIES, SIGNATORIES
    from certificates.models import Certificate
    from certificates.storage import private_storage
    from szkola.home.tests.pdf_checks import text

    certificates = Certificate.objects.filter(source_kind="event")
    assert certificates.exists()
    assert not certificates.filter(template__isnull=True).exists()
    issuers = {code: name for code, name, _place in ISSUING_BODIES}
    lublin = certificates.filter(organiser="06").first()
    with private_storage().open(lublin.pdf) as file:
        printed = " ".join(text(file.read()).split())
    assert issuers["06"] in printed
    for _kind, signatory in SIGNATORIES:
        assert signatory["name"] in printed
