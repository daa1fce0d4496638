"""Wagtail admin user forms with the platform's roles.

Roles are edited here and saved through services.role_set, which keeps the
groups (and so the admin permissions) in step. Only people allowed to manage
users in Wagtail (superusers) reach these forms.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .constants import CoordinatorScope
from .selectors import profile_get
from .services import role_set


class RoleFieldsMixin(forms.Form):
    is_trainer = forms.BooleanField(
        label=_("Trener"),
        required=False,
        help_text=_(
            "Może tworzyć i redagować treści kursów, do których jest przypisany."
        ),
    )
    coordinator_scope = forms.ChoiceField(
        label=_("Zakres koordynatora"),
        choices=CoordinatorScope.choices,
        required=False,
        help_text=_(
            "Koordynator prowadzi wydarzenia i wydaje zaświadczenia w swoim "
            "województwie; zespół lidera – w całym makroregionie."
        ),
    )

    def _load_roles(self) -> None:
        if self.instance.pk:
            profile = profile_get(user=self.instance)
            self.initial.setdefault("is_trainer", profile.is_trainer)
            self.initial.setdefault("coordinator_scope", profile.coordinator_scope)

    def _save_roles(self, user) -> None:
        role_set(
            user=user,
            is_trainer=self.cleaned_data.get("is_trainer", False),
            coordinator_scope=self.cleaned_data.get("coordinator_scope", ""),
            actor=getattr(self, "acting_user", None),
        )

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            self._save_roles(user)
        return user


class RoleUserEditForm(RoleFieldsMixin, UserEditForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._load_roles()


class RoleUserCreationForm(RoleFieldsMixin, UserCreationForm):
    pass
