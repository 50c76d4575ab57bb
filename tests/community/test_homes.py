"""Each role's home shows what it should, and nothing of another role's."""

from community.models import Role
from community.services import user_create_with_role


def test_the_staff_home_counts_accounts_by_role(
    staff_client, cocreator, other_cocreator, steering_member
):
    html = staff_client.get("/staff/").content.decode()
    assert "Co-creator</th>" in html
    assert 'numeric">2</td>' in html  # two co-creators


def test_the_staff_home_query_count_does_not_grow_with_people(
    staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as few:
        staff_client.get("/staff/")
    for i in range(30):
        user_create_with_role(email=f"p{i}@example.org", role=Role.COCREATOR)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get("/staff/")


def test_the_staff_home_warns_when_background_jobs_are_waiting(staff_client, db):
    from cocreation.jobs.models import OutboxMessage

    OutboxMessage.objects.create(task_name="jobs.heartbeat")
    html = staff_client.get("/staff/").content.decode()
    assert "1 job is waiting" in html


def test_a_cocreator_is_refused_the_staff_home(cocreator_client):
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
