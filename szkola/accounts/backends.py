"""Django's model backend with each person's permissions kept in the cache.

Every signed-in page asks for a permission at least once (Wagtail's user bar
asks whether the person may open the admin), which costs two queries: the
person's own permissions and their groups'. The set is cached per person
under a generation that any change of users, groups or permissions replaces
(``permissions_changed``, connected in apps.py), so a revoked right is gone
on the next request."""

from django.contrib.auth.backends import ModelBackend

from szkola.home.generations import cached, generation_bump

PERMISSIONS_GENERATION = "accounts.permissions"


class CachedPermissionsBackend(ModelBackend):
    """First in AUTHENTICATION_BACKENDS, for permissions only: signing in
    stays with the backends after it (and sessions keep naming them). Those
    find the set this one cached on the user object and ask nothing more."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # The person's own flags are part of the key: the row is read
            # afresh on every request, so a change to them needs no signal.
            key = f"{user_obj.pk}:{int(user_obj.is_superuser)}"
            user_obj._perm_cache = cached(
                PERMISSIONS_GENERATION,
                key,
                lambda: set(
                    super(CachedPermissionsBackend, self).get_all_permissions(user_obj)
                ),
            )
        return user_obj._perm_cache


def permissions_changed(sender, **kwargs) -> None:
    """Receiver of saves and deletes of groups and permissions, and of
    changes to the links between users, groups and permissions."""
    generation_bump(PERMISSIONS_GENERATION)
