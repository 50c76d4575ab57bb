"""docs/permissions.md is the role-by-area table; every cell is checked here."""

from pathlib import Path

import pytest
from django.conf import settings

from community.permissions import home_url_for
from tests.conftest import client_for

TABLE = Path(settings.BASE_DIR, "docs", "permissions.md").read_text()
PERSONAS = (
    "anonymous",
    "cocreator",
    "steering_member",
    "staff_member_with_mfa",
    "partner_member",
)


def _rows():
    rows = []
    for line in TABLE.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[1].startswith("`/"):
            rows.append((cells[0], cells[1].strip("`"), cells[2:]))
    return rows


ROWS = _rows()


def _ids() -> dict[str, str]:
    """What a name in braces in an example URL stands for: the id of a row loaded by migrations.

    Looked up when the test runs, because a reused test database may hold reloaded rows.
    """
    from reporting.models import KeyAction

    return {
        "{key action}": str(KeyAction.objects.order_by("pk").values_list("pk", flat=True)[0]),
        "{cocreator}": str(_a_cocreator_id()),
    }


def _a_cocreator_id() -> int:
    """A person in the register (migrations load none, so one is made for the test)."""
    from community.models import CoCreator

    return CoCreator.objects.create(full_name="Matrix Person").pk


def test_the_table_lists_every_area():
    assert len(ROWS) >= 10


@pytest.mark.parametrize(("area", "url", "answers"), ROWS, ids=[r[0] for r in ROWS])
def test_each_role_gets_what_the_table_says(db, request, area, url, answers):
    for name, value in _ids().items():
        url = url.replace(name, value)
    for persona, expected in zip(PERSONAS, answers, strict=True):
        if persona == "anonymous":
            from django.test import Client

            user, client = None, Client()
        else:
            user = request.getfixturevalue(persona)
            client = client_for(user)
        response = client.get(url)
        where = f"{area} ({url}) as {persona}"
        if expected == "yes":
            allowed = (200, 503) if url == "/healthz" else (200,)
            assert response.status_code in allowed, where
        elif expected == "sign in":
            assert response.status_code == 302, where
            assert response.url.startswith(("/accounts/login/", "/admin/login/")), where
        elif expected == "goes home":
            assert response.status_code == 302, where
            assert response.url == home_url_for(user), where
        elif expected == "no":
            final = client.get(url, follow=True)
            assert final.status_code == 403, where
        else:
            pytest.fail(f"Unknown answer {expected!r} for {where}")
