"""Writes about people and accounts."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Role, User


@transaction.atomic
def user_grant_role(*, user: User, role: Role) -> None:
    """Give a user a role (adds them to the role's group; the group is made if missing)."""
    group, _ = Group.objects.get_or_create(name=role.label)
    user.groups.add(group)
    user.__dict__.pop("_cocreation_roles", None)


@transaction.atomic
def user_create_with_role(
    *,
    email: str,
    role: Role,
    full_name: str = "",
    password: str | None = None,
    verified: bool = False,
) -> User:
    """Create an account holding one role, with its email address recorded for allauth."""
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    user_grant_role(user=user, role=role)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


@transaction.atomic
def demo_user_ensure(*, email: str, full_name: str, role: Role, password: str) -> User:
    """Create or reset a demo account so that running the seed twice leaves one state."""
    from allauth.account.models import EmailAddress

    user, _ = User.objects.update_or_create(
        email=email.lower(), defaults={"full_name": full_name, "is_active": True}
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    user_grant_role(user=user, role=role)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    return user
