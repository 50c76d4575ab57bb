"""The layers hold in templates and URL names too: community never names a higher app's pages.

Imports are checked by import-linter (`make lint`); a URL name in a template or a string is not
an import, so it is checked here. Higher apps reach community's pages through its registries
(`community.navigation`, `community.portal_sections`).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from community.models import Role
from community.navigation import home_url_for_roles, nav_for_roles, role_home_url

ROOT = Path(settings.BASE_DIR)
HIGHER_APP_URL = re.compile(r"""["'](activities|impact|reporting):[\w-]+["']""")


def _community_templates():
    for path in sorted((ROOT / "templates" / "community").rglob("*")):
        if path.is_file():
            yield pytest.param(path, id=str(path.relative_to(ROOT)))


@pytest.mark.parametrize("path", _community_templates())
def test_community_templates_reverse_no_higher_app_url(path):
    assert not HIGHER_APP_URL.findall(path.read_text()), path


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, id=str(p.relative_to(ROOT)))
        for p in sorted([*(ROOT / "community").rglob("*.py"), *(ROOT / "cocreation").rglob("*.py")])
        if "migrations" not in p.parts
    ],
)
def test_community_and_cocreation_code_names_no_higher_app_url(path):
    assert not HIGHER_APP_URL.findall(path.read_text()), path


def test_each_role_has_a_registered_home():
    assert role_home_url(Role.STAFF) == "/staff/"
    assert home_url_for_roles({Role.STAFF, Role.STEERING}) == role_home_url(Role.STAFF)
    assert home_url_for_roles({Role.STEERING, Role.COCREATOR}) == role_home_url(Role.STEERING)
    assert home_url_for_roles(set()) == "/"


def test_menu_comes_from_every_app_in_order_each_address_once():
    labels = [item["label"] for item in nav_for_roles({Role.STAFF, Role.STEERING}, "/")]
    assert labels == [
        "Staff dashboard",
        "Reports",
        "Plan tracker",
        "Governance packs",
        "Insight inbox",
        "Have your say",
        "Payments",
        "Training and roles",
        "Newsletters",
        "Messages to groups",
        "To contact",
        "Messages",
    ]
    labels = [item["label"] for item in nav_for_roles({Role.COCREATOR}, "/")]
    assert labels == [
        "Your home",
        "Opportunities",
        "Your activities",
        "Surveys",
        "Journal",
        "Payments",
        "Training",
        "Your plan",
        "Mentoring",
    ]
