"""Builds the demo site's people, pages and site settings for seed_demo.

Every function here is idempotent: it looks for what it would create and
leaves existing rows alone, so running seed_demo twice changes nothing.
"""

from collections import Counter
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from wagtail.models import Locale, Page, Site

from szkola.accounts.constants import InstitutionSector
from szkola.accounts.models import Consent, Profile, User
from szkola.accounts.services import consent_record, profile_update, role_set

from . import demo_content as content
from . import demo_people as people
from .links import public_base_url
from .models import (
    AccessibilityDeclarationPage,
    HomePage,
    SiteSettings,
    StandardPage,
)


class _PasswordHash:
    """One hash of DEMO_PASSWORD for every demo account: the production
    hasher takes a noticeable fraction of a second per call."""

    def __init__(self):
        self._value = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = make_password(people.DEMO_PASSWORD)
        return self._value


def _staff_specs() -> list[dict]:
    """Admin, coordinators and trainers as (email, names, roles, profile)."""
    specs = [
        {
            "email": people.ADMIN_EMAIL,
            "name": people.ADMIN_NAME,
            "superuser": True,
            "trainer": False,
            "scope": "",
            "institution": content.ORGANISATION,
            "position": "administrator serwisu",
            "voivodeship": "18",
        },
        {
            "email": people.LEADER_COORDINATOR_EMAIL,
            "name": people.LEADER_COORDINATOR["name"],
            "superuser": False,
            "trainer": False,
            "scope": "MR",
            "institution": people.LEADER_COORDINATOR["institution"],
            "position": people.LEADER_COORDINATOR["position"],
            "voivodeship": people.LEADER_COORDINATOR["voivodeship"],
        },
    ]
    for code, email in people.COORDINATOR_EMAILS.items():
        coordinator = people.COORDINATORS[code]
        specs.append(
            {
                "email": email,
                "name": coordinator["name"],
                "superuser": False,
                "trainer": False,
                "scope": code,
                "institution": coordinator["institution"],
                "position": coordinator["position"],
                "voivodeship": code,
            }
        )
    for trainer in people.TRAINERS:
        specs.append({**trainer, "superuser": False, "trainer": True, "scope": ""})
    return specs


def _user_get_or_create(
    *,
    email: str,
    name: tuple[str, str],
    password: _PasswordHash,
    made: Counter,
    superuser: bool = False,
) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User(
        email=email,
        first_name=name[0],
        last_name=name[1],
        password=str(password),
        is_staff=superuser,
        is_superuser=superuser,
    )
    user.save()
    made["users"] += 1
    return user, True


def _email_verified(*, user: User, made: Counter) -> None:
    _address, created = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    if created:
        made["email_addresses"] += 1


def _totp_enrolled(*, user: User, made: Counter) -> None:
    if not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        TOTP.activate(user, people.DEMO_TOTP_SECRET)
        made["totp"] += 1


def _profile_filled(*, user: User, name: tuple[str, str], made: Counter, **fields):
    profile = Profile.objects.get(user=user)
    if profile.institution_name:
        return
    profile_update(user=user, first_name=name[0], last_name=name[1], **fields)
    made["profiles"] += 1


def _consent_given(*, user: User, made: Counter) -> None:
    if not Consent.objects.filter(user=user, kind=Consent.Kind.RODO).exists():
        consent_record(user=user)
        made["consents"] += 1


@transaction.atomic
def seed_people() -> Counter:
    """Staff with roles and TOTP, forty participants with profiles and
    consents; every account with a verified primary email address."""
    made: Counter = Counter()
    password = _PasswordHash()
    admin = None
    for spec in _staff_specs():
        user, _created = _user_get_or_create(
            email=spec["email"],
            name=spec["name"],
            password=password,
            made=made,
            superuser=spec["superuser"],
        )
        if spec["superuser"]:
            admin = user
        profile = Profile.objects.get(user=user)
        if (profile.is_trainer, profile.coordinator_scope) != (
            spec["trainer"],
            spec["scope"],
        ):
            role_set(
                user=user,
                is_trainer=spec["trainer"],
                coordinator_scope=spec["scope"],
                actor=admin,
            )
            made["roles"] += 1
        _profile_filled(
            user=user,
            name=spec["name"],
            made=made,
            institution_name=spec["institution"],
            institution_sector=InstitutionSector.GOVERNMENT,
            position=spec["position"],
            voivodeship=spec["voivodeship"],
        )
        _email_verified(user=user, made=made)
        _totp_enrolled(user=user, made=made)

    for email, row in zip(people.PARTICIPANT_EMAILS, people.PARTICIPANTS, strict=True):
        first, last, gmina, powiat, voivodeship, sector, institution, position, pzk = (
            row
        )
        user, _created = _user_get_or_create(
            email=email, name=(first, last), password=password, made=made
        )
        _profile_filled(
            user=user,
            name=(first, last),
            made=made,
            institution_name=institution,
            institution_sector=sector,
            position=position,
            gmina=gmina,
            powiat=powiat,
            voivodeship=voivodeship,
            pzk_team=pzk,
        )
        _email_verified(user=user, made=made)
        _consent_given(user=user, made=made)
    return made


def _home_page() -> HomePage:
    """The site's HomePage (the migration makes one), created under the tree
    root when missing; the default site is made to serve it if no site does."""
    home = HomePage.objects.first()
    if home is None:
        # An emptied database (e.g. after a transactional test) has no
        # locale either, and Wagtail needs one for every page.
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root")
        )
        home = root.add_child(
            instance=HomePage(title=content.HOME["title"], slug="home")
        )
    # The Site record names the public address (Wagtail's full_url and
    # sitemap use it), the one `make run` serves.
    address = urlsplit(public_base_url())
    hostname = address.hostname or "localhost"
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": hostname,
                "port": port,
                "root_page": home,
                "site_name": content.HOME["title"],
            },
        )
    elif (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return home


@transaction.atomic
def seed_pages() -> tuple[HomePage, Counter]:
    """Home page text and the standard pages linked from the footer."""
    made: Counter = Counter()
    home = _home_page()
    if not home.lead:
        home.title = content.HOME["title"]
        home.lead = content.HOME["lead"]
        home.body = content.HOME["body"]
        home.save_revision().publish()
        made["home_page"] += 1
    existing = set(home.get_children().values_list("slug", flat=True))
    for spec in content.STANDARD_PAGES:
        if spec["slug"] in existing:
            continue
        if spec["slug"] == content.ACCESSIBILITY_DECLARATION["slug"]:
            declaration = AccessibilityDeclarationPage(
                **content.ACCESSIBILITY_DECLARATION
            )
            home.add_child(instance=declaration)
            declaration.save_revision().publish()
            made["pages"] += 1
            continue
        page = StandardPage(
            title=spec["title"],
            slug=spec["slug"],
            lead=spec["lead"],
            body=spec["body"],
            show_in_menus=spec["show_in_menus"],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        made["pages"] += 1
    home.refresh_from_db()
    return home, made


@transaction.atomic
def seed_site_settings(*, home: HomePage) -> Counter:
    """Organisation and contact details. The funding marks stay empty so
    the footer shows the static SVG marks (FE, RP, UE)."""
    made: Counter = Counter()
    site = Site.objects.filter(root_page=home).first()
    site_settings = SiteSettings.for_site(site)
    if not site_settings.organisation_address:
        site_settings.organisation_name = content.ORGANISATION
        site_settings.organisation_address = content.ADDRESS
        site_settings.contact_email = content.CONTACT_EMAIL
        site_settings.contact_phone = content.CONTACT_PHONE
        # A placeholder in the official pattern, plainly not a real number.
        site_settings.project_number = "POWR.02.05.00-00-0000/17 (demo)"
        site_settings.save()
        made["site_settings"] += 1
    return made
