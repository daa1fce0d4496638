"""The one access-control module of the platform.

Three questions live here and nowhere else:

- **scope**: may this user act, as a coordinator, on an object organised by
  that voivodeship (``user_may_act_on_voivodeship``)? The same rule drives
  Wagtail's page permissions (``ScopedPagePermissionPolicy`` and
  ``ScopedPagePermissionTester``), so the explorer, the page chooser, search,
  bulk actions, copy and move all follow the organiser;
- **second factor**: has a staff member used it in this session
  (``staff_second_factor_missing``, ``second_factor_gate`` for HTTP views,
  ``STAFF_MFA_CLOSE_CODE`` for sockets)?
- **rate limits**: ``rate_limit_hit`` (a counter per key in the cache),
  ``rate_limit_setting`` and ``client_address``, kept in ``rate_limits`` and
  asked through this module.

Views, admin views, consumers, services and the middleware ask this module;
nobody re-implements these rules.
"""

from __future__ import annotations

from functools import wraps
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .constants import MACROREGION_CODE, CoordinatorScope
from .rate_limits import client_address as client_address
from .rate_limits import rate_limit_hit as rate_limit_hit
from .rate_limits import rate_limit_setting as rate_limit_setting

if TYPE_CHECKING:  # pragma: no cover
    from django.contrib.auth.models import AnonymousUser

    from .models import User

# Close code for a socket refused because the staff member has not used the
# second factor (the browser client does not retry 44xx codes).
STAFF_MFA_CLOSE_CODE = 4403

# Group names kept in step with the roles by ``services.role_set``.
TRAINERS_GROUP = "Trenerzy"
COORDINATORS_GROUP = "Koordynatorzy"
LEADER_TEAM_GROUP = "Koordynatorzy zespołu lidera"
ASSESSORS_GROUP = "Asesorzy"


# --- roles ------------------------------------------------------------------


def _profile(user):
    from .models import Profile

    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(user=user)
        return profile


def user_is_trainer(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and _profile(user).is_trainer)


def user_coordinator_scope(user: User | AnonymousUser) -> str:
    """'' for non-coordinators, a TERYT code, or MACROREGION_CODE."""
    if not user.is_authenticated:
        return ""
    return _profile(user).coordinator_scope


def user_is_coordinator(user: User | AnonymousUser) -> bool:
    return bool(user_coordinator_scope(user))


def user_is_leader_team(user: User | AnonymousUser) -> bool:
    """Superusers and the leader's team: they act on the whole macroregion."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (
        user_coordinator_scope(user) == CoordinatorScope.MACROREGION
    )


def user_is_staff_member(user: User | AnonymousUser) -> bool:
    """Trainers, coordinators and admins: people who must use MFA."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    profile = _profile(user)
    return profile.is_trainer or profile.is_coordinator


def user_assessor_scope(user: User | AnonymousUser) -> str:
    """'' (no assessor role), a TERYT code, or MACROREGION_CODE."""
    if not user.is_authenticated or not user.is_active:
        return ""
    return _profile(user).assessor_scope


def user_may_assess_voivodeship(user: User | AnonymousUser, voivodeship: str) -> bool:
    """Assessor role for an object of that organiser: a voivodeship's
    assessor for its objects, a macroregion one for any. No other role
    implies it (a coordinator is not an assessor)."""
    scope = user_assessor_scope(user)
    if not scope:
        return False
    if scope == CoordinatorScope.MACROREGION:
        return True
    return bool(voivodeship) and scope == voivodeship


def user_may_grant_assessor_role(user: User | AnonymousUser, scope: str) -> bool:
    """Coordinators give the assessor role within their own scope."""
    return bool(scope) and user_may_act_on_voivodeship(user, scope)


# --- scope --------------------------------------------------------------------


def user_may_act_on_voivodeship(user: User | AnonymousUser, voivodeship: str) -> bool:
    """May this user act, as a coordinator, on an object of that voivodeship?

    ``voivodeship`` is the object's organiser: a TERYT code, or
    MACROREGION_CODE for a supra-regional object. Superusers may act on
    anything; the leader's team (macroregion scope) on anything in the
    project; a voivodeship's coordinators only on their own voivodeship's
    objects (a supra-regional object belongs to the leader's team).
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    scope = user_coordinator_scope(user)
    if not scope:
        return False
    if scope == CoordinatorScope.MACROREGION:
        return True
    return (
        bool(voivodeship) and voivodeship != MACROREGION_CODE and scope == voivodeship
    )


def user_voivodeships_in_scope(user: User | AnonymousUser) -> list[str] | None:
    """Organiser codes the user may act on: None means all, [] means none."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    scope = user_coordinator_scope(user)
    if scope == CoordinatorScope.MACROREGION:
        return None
    return [scope] if scope else []


def organiser_scope_q(user, *, field: str = "organiser") -> Q:
    """A filter keeping the objects whose ``field`` (an organiser code) is in
    the user's scope; nothing for users with no scope."""
    scope = user_voivodeships_in_scope(user)
    if scope is None:
        return Q()
    if not scope:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": scope})


def scope_refusal_message() -> str:
    return _(
        "Nie masz uprawnień do tego obiektu: koordynator działa tylko w swoim "
        "województwie, a sprawy ponadregionalne prowadzi zespół lidera."
    )


# --- second factor --------------------------------------------------------------


def session_used_second_factor(*, session, user: User | AnonymousUser) -> bool:
    """Whether ``user`` signed in to this session with a second factor (the
    allauth authentication records kept in the session). Works for an HTTP
    request's session and for a WebSocket scope's alike."""
    from allauth.account.authentication import get_authentication_records

    if not user.is_authenticated or session is None:
        return False
    records = get_authentication_records(SimpleNamespace(session=session), user)
    return any(record.get("method") == "mfa" for record in records)


def staff_second_factor_missing(*, session, user: User | AnonymousUser) -> bool:
    """Staff pages and sockets show participants' personal data: a staff
    member must have used the second factor in this session."""
    return user_is_staff_member(user) and not session_used_second_factor(
        session=session, user=user
    )


def second_factor_gate(request, *, message: str | None = None):
    """For HTTP: a redirect to enrolling TOTP (not enrolled) or to confirming
    a code (enrolled, not used in this session) when a staff member has not
    passed the second factor; None when the request may go on."""
    from allauth.mfa.utils import is_mfa_enabled
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.http import urlencode

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if not staff_second_factor_missing(session=request.session, user=user):
        return None
    next_query = urlencode({"next": request.get_full_path()})
    if not is_mfa_enabled(user):
        messages.warning(
            request,
            message
            or _(
                "Aby korzystać z narzędzi trenera i koordynatora, włącz "
                "uwierzytelnianie dwuskładnikowe (aplikacja TOTP)."
            ),
        )
        return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
    messages.info(
        request, _("Potwierdź tożsamość kodem z aplikacji uwierzytelniającej.")
    )
    return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")


def staff_second_factor_required(view):
    """A view decorator: staff who have not passed the second factor in this
    session are sent to it first (see ``second_factor_gate``)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        gated = second_factor_gate(request)
        if gated is not None:
            return gated
        return view(request, *args, **kwargs)

    return wrapped


# --- pages: scope that follows the organiser ------------------------------------


class OrganiserScopedPage:
    """A page model whose subtree belongs to one organiser (an event, a
    course). ``scope_organiser()`` names it; ``organiser_field`` is the field
    the policy filters on for pages of this very class."""

    organiser_field = "organiser"

    def scope_organiser(self) -> str:
        return getattr(self, self.organiser_field)

    def permissions_for_user(self, user):
        return ScopedPagePermissionTester(user, self)


class OrganiserScopedDescendant:
    """A page inside an organiser's subtree (a course's module, lesson or
    quiz): its organiser is that of the nearest scoped ancestor."""

    def scope_organiser(self) -> str | None:
        for model in scoped_page_models():
            value = (
                model.objects.ancestor_of(self)
                .values_list(model.organiser_field, flat=True)
                .first()
            )
            if value is not None:
                return value
        return None

    def permissions_for_user(self, user):
        return ScopedPagePermissionTester(user, self)


class SharedContainerPage:
    """A page that holds organisers' pages (an event list, the course
    catalogue). A voivodeship's coordinator may add pages in it (and publish
    what they add), never change, move or remove the container itself."""

    def scope_organiser(self) -> str:
        return MACROREGION_CODE

    def permissions_for_user(self, user):
        return ScopedPagePermissionTester(user, self)


def scoped_page_models() -> list[type]:
    from wagtail.models import get_page_models

    return [m for m in get_page_models() if issubclass(m, OrganiserScopedPage)]


def _scoped_group_ids(user) -> set[int]:
    """Groups whose page permissions follow the organiser (kept on the user
    object for the request, as Wagtail keeps its permission cache)."""
    from django.contrib.auth.models import Group

    cached = getattr(user, "_scoped_group_ids_cache", None)
    if cached is None:
        cached = set(
            Group.objects.filter(name=COORDINATORS_GROUP).values_list("pk", flat=True)
        )
        user._scoped_group_ids_cache = cached
    return cached


def _restricted_scope(user) -> list[str] | None:
    """The organiser codes a coordinator is restricted to, or None when the
    user's page rights are not scoped by organiser (superusers, the leader's
    team, people who are not coordinators)."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return None
    scope = user_coordinator_scope(user)
    if not scope or scope == CoordinatorScope.MACROREGION:
        return None
    return [scope]


def out_of_scope_pages_q(user) -> Q | None:
    """A filter on ``Page`` matching every page inside an organiser's subtree
    that is not the user's (None when nothing is out of scope). One
    subquery: a page is out of scope when an out-of-scope scoped page is its
    ancestor (or itself), i.e. its path starts with that page's path."""
    from wagtail.models import Page

    scope = _restricted_scope(user)
    if scope is None:
        return None
    roots = Q(pk__in=[])
    for model in scoped_page_models():
        roots |= Q(
            pk__in=model.objects.exclude(
                **{f"{model.organiser_field}__in": scope}
            ).values("pk")
        )
    ancestors = Page.objects.filter(roots).filter(
        depth__lte=OuterRef("depth"),
        path=Substr(OuterRef("path"), 1, F("depth") * Page.steplen),
    )
    return Q(Exists(ancestors))


def _wagtail_tester_class():
    from wagtail.models import PagePermissionTester

    return PagePermissionTester


def _make_tester_class():
    base = _wagtail_tester_class()

    class _ScopedPagePermissionTester(base):
        """Wagtail's tester, with the coordinators' group rights following
        the organiser: on another organiser's page (or inside it) a
        voivodeship's coordinator has none of them, not even through a
        workflow task; on a shared container they keep only adding pages
        (and publishing what they add)."""

        def __init__(self, user, page):
            super().__init__(user, page)
            self.scope_limited = False
            self.container_only = False
            if not (self.user.is_active and not self.user.is_superuser):
                return
            scope = _restricted_scope(self.user)
            if scope is None:
                return
            page = self.page
            if not hasattr(page, "scope_organiser"):
                page = page.specific_deferred
            organiser = page.scope_organiser()
            if organiser in scope:
                return
            scoped = _scoped_group_ids(self.user)
            from_scoped_groups = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(
                    self.user
                )
                if self.page.path.startswith(perm.page.path) and perm.group_id in scoped
            }
            others = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(
                    self.user
                )
                if self.page.path.startswith(perm.page.path)
                and perm.group_id not in scoped
            }
            if isinstance(page, SharedContainerPage):
                self.container_only = True
                self.permissions = others | (from_scoped_groups & {"add", "publish"})
            else:
                self.scope_limited = True
                self.permissions = others

        # A container: adding (and publishing what one adds) only.
        def can_edit(self):
            if self.scope_limited or self.container_only:
                return "change" in self.permissions and super().can_edit()
            return super().can_edit()

        def can_delete(self, ignore_bulk=False):
            if self.container_only:
                return False
            return super().can_delete(ignore_bulk=ignore_bulk)

        def can_unpublish(self):
            if self.container_only:
                return False
            return super().can_unpublish()

        def can_publish(self):
            if self.container_only:
                return False
            return super().can_publish()

        def can_reorder_children(self):
            if self.container_only:
                return False
            return super().can_reorder_children()

        def can_lock(self):
            if self.scope_limited or self.container_only:
                return "lock" in self.permissions
            return super().can_lock()

        def can_unlock(self):
            if self.scope_limited or self.container_only:
                return self.user_has_lock() or "unlock" in self.permissions
            return super().can_unlock()

        def can_view_revisions(self):
            if self.scope_limited:
                return False
            return super().can_view_revisions()

    return _ScopedPagePermissionTester


class _TesterFactory:
    @cached_property
    def cls(self):
        return _make_tester_class()


_tester_factory = _TesterFactory()


def ScopedPagePermissionTester(user, page):  # noqa: N802 - used like a class
    """Wagtail's ``PagePermissionTester`` for pages whose rights follow the
    organiser (see ``OrganiserScopedPage``)."""
    return _tester_factory.cls(user, page)


def scoped_page_permission_policy():
    """Wagtail's page permission policy, with querysets that leave out the
    pages of other organisers for a voivodeship's coordinator: the
    explorer, its search, the reports and the admin API list only what the
    coordinator may act on. Registered in ``AccountsConfig.ready``."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    class ScopedPagePermissionPolicy(PagePermissionPolicy):
        def _scoped(self, queryset, user):
            out = out_of_scope_pages_q(user)
            return queryset if out is None else queryset.exclude(out)

        def instances_user_has_any_permission_for(self, user, actions):
            return self._scoped(
                super().instances_user_has_any_permission_for(user, actions), user
            )

        def explorable_instances(self, user):
            return self._scoped(super().explorable_instances(user), user)

        def user_has_any_permission_for_instance(self, user, actions, instance):
            base = self._base_user_has_permission(user)
            if base is not None:
                return base
            tester = instance.permissions_for_user(user)
            return bool(set(actions) & set(getattr(tester, "permissions", ())))

    return ScopedPagePermissionPolicy()


def pages_visible_to(queryset, user):
    """Leave out of a page queryset the pages of other organisers (the page
    chooser's hook)."""
    out = out_of_scope_pages_q(user)
    return queryset if out is None else queryset.exclude(out)
