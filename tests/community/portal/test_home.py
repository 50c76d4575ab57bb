"""The portal home: a true summary of the person's own record, with a way to change each part."""

from community.models import Role
from community.services import cocreator_for_user_ensure, user_grant_role
from tests.frontend.test_pages import assert_csp_safe, assert_nhsuk_layout


def test_the_home_greets_the_person_by_their_preferred_name(cocreator_client, me):
    html = cocreator_client.get("/portal/").content.decode()
    assert_nhsuk_layout(html)
    assert_csp_safe(html)
    assert "<h1>Hello, Case</h1>" in html


def test_without_a_preferred_name_the_home_uses_the_full_name(cocreator, cocreator_client):
    cocreator_for_user_ensure(user=cocreator)
    assert "<h1>Hello, Casey Cocreator</h1>" in cocreator_client.get("/portal/").content.decode()


def test_the_home_summarises_my_details_with_change_links(cocreator_client, me):
    html = cocreator_client.get("/portal/").content.decode()
    for words in (
        "01632960001",
        "1 Open Road",
        "ME14 1AA",
        "Maidstone",
        "Carer",
        "Large print",
        "Step-free seating near the door",
        me.interests.get().name,
        "Text message (SMS)",
        "No, you do not get the newsletter",
    ):
        assert words in html, words
    for link in (
        "/portal/profile/",
        "/portal/preferences/",
        "/portal/equality/",
        "/portal/data/",
        "/portal/leave/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
    ):
        assert f'href="{link}' in html, link


def test_the_home_says_truthfully_that_no_activities_are_recorded(cocreator_client, me):
    html = cocreator_client.get("/portal/").content.decode()
    assert "You have not taken part in any activities yet." in html


def test_the_home_shows_each_section_that_other_apps_register(cocreator_client, me):
    """Community reads no other app; each app adds its own part of the home (portal_sections)."""
    from community.portal_sections import portal_sections_for

    sections = portal_sections_for(me)
    assert sections, "no app registers a section of the portal home"
    response = cocreator_client.get("/portal/")
    used = {t.name for t in response.templates}
    for section in sections:
        assert section["template"] in used, section["key"]


def test_the_portal_is_reached_from_the_navigation(cocreator_client, me):
    assert 'href="/portal/"' in cocreator_client.get("/portal/profile/").content.decode()


def test_a_cocreator_who_is_also_staff_sees_their_own_portal(staff_member_with_mfa):
    from tests.conftest import client_for

    user_grant_role(user=staff_member_with_mfa, role=Role.COCREATOR)
    response = client_for(staff_member_with_mfa).get("/portal/")
    assert response.status_code == 200
    assert "Hello, Sam Staff" in response.content.decode()
