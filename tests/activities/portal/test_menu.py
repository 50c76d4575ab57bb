"""The portal's header menu shows where co-creators go, registered by the apps that own the pages."""

import pytest

from tests.frontend.htmltree import parse

MENU = [
    ("Your home", "/portal/"),
    ("Opportunities", "/portal/opportunities/"),
    ("Your activities", "/portal/activities/"),
    ("Surveys", "/portal/surveys/"),
    ("Journal", "/journal/"),
    ("Payments", "/portal/payments/"),
    ("Training", "/portal/training/"),
    ("Your plan", "/portal/plan/"),
    ("Mentoring", "/portal/mentoring/"),
]


def menu(html):
    nav = parse(html).find("nav", aria_label="Menu")
    return [
        (link.text, link.attrs["href"])
        for link in nav.find_all("a", cls="nhsuk-header__navigation-link")
    ]


@pytest.mark.parametrize("path", [url for _, url in MENU])
def test_every_portal_page_has_the_whole_menu_with_its_own_entry_current(cocreator_client, path):
    html = cocreator_client.get(path).content.decode()
    assert menu(html) == MENU
    assert html.count('aria-current="page"') == 1
    assert f'href="{path}" aria-current="page"' in html


def test_the_account_and_sign_out_stay_in_the_header(cocreator_client, cocreator):
    header = parse(cocreator_client.get("/portal/").content.decode()).find(
        "nav", aria_label="Account"
    )
    assert cocreator.get_full_name() in header.text
    assert header.find("a", href="/accounts/logout/").text == "Sign out"


def test_staff_and_steering_members_do_not_get_the_portal_menu(staff_client, steering_client):
    for client, home in ((staff_client, "/staff/"), (steering_client, "/reports/")):
        labels = [label for label, _ in menu(client.get(home).content.decode())]
        for label in ("Opportunities", "Your activities", "Surveys"):
            assert label not in labels
