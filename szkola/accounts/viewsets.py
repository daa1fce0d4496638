from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .admin_forms import RoleUserCreationForm, RoleUserEditForm


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return RoleUserEditForm if for_update else RoleUserCreationForm
