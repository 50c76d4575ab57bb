"""Each role's home shows what it should, and nothing of another role's.

The staff dashboard's own content is tested in tests/activities/dashboard/.
"""


def test_a_cocreator_is_refused_the_staff_dashboard(cocreator_client):
    assert cocreator_client.get("/staff/").status_code == 403


def test_a_steering_member_is_refused_the_portal(steering_client):
    assert steering_client.get("/portal/").status_code == 403


def test_the_portal_shows_the_cocreator_their_own_account_only(
    cocreator_client, cocreator, other_cocreator
):
    html = cocreator_client.get("/portal/").content.decode()
    assert cocreator.email in html
    assert other_cocreator.email not in html


def test_navigation_offers_each_role_its_own_areas(cocreator_client, steering_client, staff_client):
    assert 'href="/portal/"' in cocreator_client.get("/portal/").content.decode()
    assert 'href="/staff/"' not in cocreator_client.get("/portal/").content.decode()
    steering_page = steering_client.get("/reports/").content.decode()
    assert 'href="/reports/"' in steering_page and 'href="/staff/"' not in steering_page
    staff_page = staff_client.get("/staff/").content.decode()
    assert 'href="/staff/"' in staff_page and 'href="/reports/"' in staff_page


def test_only_the_closest_navigation_entry_is_marked_current(cocreator_client):
    html = cocreator_client.get("/portal/opportunities/").content.decode()
    assert html.count('aria-current="page"') == 1
    assert 'href="/portal/opportunities/" aria-current="page"' in html
