from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Page, Site

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


@pytest.fixture
def base_only(monkeypatch):
    """The people and pages alone: the feature apps' demo modules (seconds of
    seeding, tested in their own apps) are skipped."""
    monkeypatch.setattr(seed_demo, "demo_module", lambda app: None)


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_refuses_without_debug_or_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed()

    assert not User.objects.exists()


def test_runs_without_force_when_debug_is_on(settings, base_only):
    settings.DEBUG = True

    seed()

    assert User.objects.filter(email=people.ADMIN_EMAIL).exists()


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


def test_prints_what_it_made(base_only):
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


def test_builds_a_home_page_and_site_when_the_tree_is_empty(base_only):
    Site.objects.all().delete()
    Page.objects.all().delete()
    Locale.objects.all().delete()

    seed("--force")

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert StandardPage.objects.child_of(home).count() == 2
    assert AccessibilityDeclarationPage.objects.child_of(home).count() == 1
