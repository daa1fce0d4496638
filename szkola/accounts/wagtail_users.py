"""Wagtail's user management app, with the platform's role fields.

Kept out of apps.py: a second AppConfig there would stop Django from picking
AccountsConfig as the default for ``szkola.accounts``.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "szkola.accounts.viewsets.UserViewSet"
