"""django-allauth hooks: where people land after signing in, and the role a new sign-up gets."""

from allauth.account.adapter import DefaultAccountAdapter

from .models import Role
from .permissions import home_url_for
from .services import cocreator_for_user_ensure, user_grant_role


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return home_url_for(request.user)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # People who sign themselves up join as co-creators; staff grant other roles.
            user_grant_role(user=user, role=Role.COCREATOR)
            cocreator_for_user_ensure(user=user)
        return user
