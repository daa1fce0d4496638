from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Page, Site

from szkola.accounts.constants import InstitutionSector
from szkola.accounts.models import AuditEntry, Consent, Profile, User
from szkola.home import demo_people as people
from szkola.home.management.commands import seed_demo
from szkola.home.models import (
    AccessibilityDeclarationPage,
    HomePage,
    SiteSettings,
    StandardPage,
)

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_refuses_without_debug_or_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed()

    assert not User.objects.exists()


def test_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True

    seed()

    assert User.objects.filter(email=people.ADMIN_EMAIL).exists()


def test_creates_one_coordinator_per_voivodeship_and_the_leaders():
    seed("--force")

    scopes = dict(
        Profile.objects.exclude(coordinator_scope="").values_list(
            "user__email", "coordinator_scope"
        )
    )
    expected = {email: code for code, email in people.COORDINATOR_EMAILS.items()}
    expected[people.LEADER_COORDINATOR_EMAIL] = "MR"
    assert scopes == expected


def test_creates_two_trainers():
    seed("--force")

    trainers = Profile.objects.filter(is_trainer=True).values_list(
        "user__email", flat=True
    )
    assert sorted(trainers) == sorted(people.TRAINER_EMAILS)


def test_creates_forty_participants_with_complete_profiles():
    seed("--force")

    participants = Profile.objects.filter(
        user__email__in=people.PARTICIPANT_EMAILS
    ).select_related("user")
    assert participants.count() == 40
    assert all(p.is_complete and p.gmina and p.powiat for p in participants)
    assert not any(p.is_trainer or p.coordinator_scope for p in participants)


def test_participants_cover_every_institution_sector():
    seed("--force")

    sectors = set(
        Profile.objects.filter(user__email__in=people.PARTICIPANT_EMAILS).values_list(
            "institution_sector", flat=True
        )
    )
    assert sectors == set(InstitutionSector.values)


def test_participants_have_rodo_consent():
    seed("--force")

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


def test_only_admin_is_superuser():
    seed("--force")

    assert list(
        User.objects.filter(is_superuser=True).values_list("email", flat=True)
    ) == [people.ADMIN_EMAIL]


def test_every_staff_account_has_totp_with_demo_secret():
    seed("--force")

    staff = [
        people.ADMIN_EMAIL,
        people.LEADER_COORDINATOR_EMAIL,
        *people.COORDINATOR_EMAILS.values(),
        *people.TRAINER_EMAILS,
    ]
    totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert sorted(totp.values_list("user__email", flat=True)) == sorted(staff)
    assert {decrypt(a.data["secret"]) for a in totp} == {people.DEMO_TOTP_SECRET}


def test_every_account_has_a_verified_primary_email():
    seed("--force")

    # 49 people of the base demo, 6 of the programme's PZK team and coaching,
    # the evaluation's assessor.
    assert User.objects.count() == 56
    assert (
        EmailAddress.objects.filter(primary=True, verified=True).count()
        == User.objects.count()
    )


def test_every_account_has_the_demo_password():
    seed("--force")

    assert all(u.check_password(people.DEMO_PASSWORD) for u in User.objects.all())


def test_creates_the_footer_pages_under_home():
    seed("--force")

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


def test_fills_site_settings_with_the_organisation():
    seed("--force")

    site_settings = SiteSettings.objects.get()
    assert site_settings.organisation_name.startswith(
        "Regionalny Ośrodek Polityki Społecznej"
    )
    assert "Rzeszów" in site_settings.organisation_address
    assert site_settings.contact_email


def test_running_twice_changes_nothing():
    seed("--force")
    counts = {
        model: model.objects.count()
        for model in (
            User,
            Profile,
            Consent,
            EmailAddress,
            Authenticator,
            AuditEntry,
            StandardPage,
            SiteSettings,
        )
    }
    home_revision = HomePage.objects.get().latest_revision_id

    output = seed("--force")

    assert {model: model.objects.count() for model in counts} == counts
    assert HomePage.objects.get().latest_revision_id == home_revision
    assert "nic nowego" in output


def test_prints_what_it_made():
    output = seed("--force")

    assert "users: 49" in output
    assert "pages: 3" in output


def test_calls_each_demo_app_seed_with_the_home_page(monkeypatch):
    calls = []

    class FakeDemo:
        @staticmethod
        def seed(*, home, stdout):
            calls.append(home)
            stdout.write("fake seeded")

    monkeypatch.setattr(
        seed_demo, "demo_module", lambda app: FakeDemo if app == "events" else None
    )

    output = seed("--force")

    assert calls == [HomePage.objects.get()]
    assert "fake seeded" in output


def test_missing_demo_module_is_skipped():
    from szkola.home.management.commands.seed_demo import demo_module

    assert demo_module("szkola_no_such_app") is None


def test_builds_a_home_page_and_site_when_the_tree_is_empty():
    Site.objects.all().delete()
    Page.objects.all().delete()
    Locale.objects.all().delete()

    seed("--force")

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert StandardPage.objects.child_of(home).count() == 2
    assert AccessibilityDeclarationPage.objects.child_of(home).count() == 1
