"""The staff dashboard at /staff/: who may see it, what it shows, and that it stays quick."""

from datetime import timedelta

from django.urls import reverse

from activities.models import Attendance, AttendanceStatus, SignUp, SignUpStatus
from cocreation.jobs.models import OutboxMessage
from community.models import Role
from community.permissions import home_url_for
from community.services import user_create_with_role
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory
from tests.conftest import client_for
from tests.frontend.htmltree import parse
from tests.frontend.test_pages import assert_csp_safe, assert_nhsuk_layout

URL = "/staff/"


def _page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _cell_text(cell):
    """A cell's text as a screen reader reads it: without the column name a phone shows in it."""
    parts = [*cell.text_parts]
    parts += [c.text for c in cell.children if "nhsuk-table-responsive__heading" not in c.classes]
    return " ".join(" ".join(parts).split())


def _table(html, caption):
    """The rows of the table whose caption starts with `caption`, each a list of cell texts."""
    doc = parse(html)
    table = next(t for t in doc.find_all("table") if t.find("caption").text.startswith(caption))
    return [
        [_cell_text(cell) for cell in row.children if cell.tag in ("th", "td")]
        for row in table.find("tbody").find_all("tr")
    ]


# --- Who may see it ----------------------------------------------------------------------------


def test_the_dashboard_is_the_staff_url_name():
    assert reverse("activities:dashboard") == URL


def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous, db):
    response = anonymous.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_cocreator_is_refused(cocreator_client):
    assert cocreator_client.get(URL).status_code == 403


def test_a_steering_member_is_refused(steering_client):
    assert steering_client.get(URL).status_code == 403


def test_staff_without_two_factor_are_sent_to_set_it_up(settings, staff_member):
    settings.STAFF_MFA_REQUIRED = True
    response = client_for(staff_member).get(URL)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_land_on_the_dashboard_and_the_menu_offers_it(staff_client, staff_member):
    assert home_url_for(staff_member) == URL
    nav = parse(_page(staff_client)).find("nav", aria_label="Menu")
    current = nav.find("a", href=URL)
    assert current is not None and current.attrs.get("aria-current") == "page"
    assert current.text == "Staff dashboard"


# --- What it shows ---------------------------------------------------------------------------


def test_the_page_has_one_heading_the_nhsuk_layout_and_no_inline_code(staff_client, world):
    html = _page(staff_client)
    assert_nhsuk_layout(html)
    assert_csp_safe(html)
    assert "<h1>Staff dashboard</h1>" in html


def test_it_links_to_every_staff_area(staff_client, db):
    doc = parse(_page(staff_client))
    hrefs = {a.attrs.get("href") for a in doc.find_all("a")}
    for name in (
        "community:cocreator-list",
        "community:cocreator-import",
        "community:representation-gap",
        "community:partner-list",
        "community:champion-list",
        "community:audit-log",
        "activities:project-list",
        "activities:activity-list",
        "activities:awareness-list",
    ):
        assert reverse(name) in hrefs, name


def test_upcoming_activities_show_when_level_booked_and_waiting(staff_client, world):
    rows = _table(_page(staff_client), "Activities in the next 14 days")
    assert [row[1:] for row in rows] == [
        ["Sat 14 Nov 2026, 10am to 1pm", "Co-create", "2 of 2 (full)", "2"],
        ["Fri 20 Nov 2026, 10am to midday", "Involve", "1 of 10", "0"],
    ]
    assert rows[0][0].startswith("Garden planting day")
    assert rows[1][0].startswith("Letters: second round")


def test_waiting_lists_show_how_many_are_waiting(staff_client, world):
    rows = _table(_page(staff_client), "Activities still to come with a waiting list")
    assert rows == [
        [
            "Garden planting day",
            "Sat 14 Nov 2026, 10am to 1pm",
            "Co-create",
            "2 of 2 (full)",
            "2",
        ]
    ]


def test_attendance_still_to_record_links_to_the_attendance_page(staff_client, world):
    html = _page(staff_client)
    rows = _table(html, "Activities that ended in the last 90 days")
    assert [row[:3] for row in rows] == [
        ["Appointment letters testing", "Tue 3 Nov 2026, 10am to midday", "Involve"]
    ]
    url = reverse("activities:activity-attendance", args=[world.involve_nov.pk])
    assert f'href="{url}"' in html
    assert rows[0][4].startswith("Record attendance")


def test_each_activity_links_to_its_page(staff_client, world):
    html = _page(staff_client)
    for activity in (world.full, world.roomy, world.involve_nov):
        assert f'href="{reverse("activities:activity-detail", args=[activity.pk])}"' in html


def test_the_engagement_mix_table_compares_the_two_quarters(staff_client, world):
    html = _page(staff_client)
    assert "2026/27 Q2 (July to September 2026)" in html
    assert "2026/27 Q3 (October to December 2026) (this quarter)" in html
    assert _table(html, "Activities and participant-hours") == [
        ["1. Inform", "1", "4.0", "1", "0.0"],
        ["2. Engage", "2", "4.0", "0", "0.0"],
        ["3. Involve", "1", "2.0", "2", "0.0"],
        ["4. Collaborate", "0", "0.0", "1", "6.0"],
        ["5. Co-create", "0", "0.0", "2", "6.0"],
        ["All levels", "4", "10.0", "6", "12.0"],
    ]


def test_the_centre_of_gravity_and_its_trend_are_in_words(staff_client, world):
    html = _page(staff_client)
    sentence = parse(html).find("p", id="centre-of-gravity").text
    assert sentence == (
        "The centre of gravity is up from 1.80 to 4.50, towards deeper involvement."
    )


def test_evening_weekend_and_informal_shares_give_n_of_n_for_both_quarters(staff_client, world):
    rows = _table(_page(staff_client), "Centre of gravity, and when and where")
    assert rows == [
        ["Centre of gravity (1 to 5)", "1.80", "4.50"],
        ["In the evening (from 5pm) or at the weekend", "2 of 4 (50%)", "2 of 6 (33.3%)"],
        [
            "In informal settings (community venues, libraries, food banks, Job Centres, faith venues)",
            "1 of 4 (25%)",
            "2 of 6 (33.3%)",
        ],
    ]


def test_the_chart_is_an_image_with_a_label_and_a_bar_per_level_and_quarter(staff_client, world):
    doc = parse(_page(staff_client))
    charts = [
        s for s in doc.find_all("svg") if "participant-hours" in s.attrs.get("aria-label", "")
    ]
    assert len(charts) == 1
    chart = charts[0]
    assert chart.attrs["role"] == "img"
    assert "2026/27 Q2" in chart.attrs["aria-label"] and "2026/27 Q3" in chart.attrs["aria-label"]
    bars = [r for r in chart.find_all("rect") if r.attrs.get("height") == "14"]
    assert len(bars) == 2 + 10  # the legend's two swatches, then two bars for each of five levels
    widths = [float(r.attrs["width"]) for r in bars[2:]]
    # The longest bars are this quarter's 6 hours at Collaborate and Co-create.
    assert widths[7] == widths[9] == max(widths) > 0
    assert "Bars run from 0 to 10 hours." in doc.find("figcaption").text


def test_an_empty_dashboard_says_there_is_nothing_to_do(staff_client, frozen, db):
    html = _page(staff_client)
    assert "No activities in the next 14 days." in html
    assert "Nobody is on a waiting list." in html
    assert "Attendance has been recorded for every activity that ended in the last 90 days." in html
    assert "not known yet: no participant-hours are recorded for either quarter" in html
    assert "0 of 0 (no activities)" in html


def test_it_shows_no_one_by_name(staff_client, world):
    html = _page(staff_client)
    for person in world.people:
        assert person.full_name not in html
        assert person.email not in html


def test_it_counts_accounts_by_role(staff_client, cocreator, other_cocreator, steering_member):
    rows = _table(_page(staff_client), "Active accounts for each role")
    assert ["Co-creator", "2"] in rows
    assert ["Steering group member", "1"] in rows


def test_it_warns_when_background_jobs_are_waiting(staff_client, db):
    OutboxMessage.objects.create(task_name="jobs.heartbeat")
    assert "1 job is waiting" in _page(staff_client)


def test_it_says_when_no_background_jobs_are_waiting(staff_client, db):
    assert "No background jobs are waiting." in _page(staff_client)


# --- It stays quick ----------------------------------------------------------------------------


def _grow(world, people, staff_member, n):
    """n more activities: past ones with attendance, future ones with sign-ups and waiting lists."""
    crowd = people(12, prefix=f"crowd{n}")
    attendance, signups = [], []
    for i in range(n):
        past = ActivityFactory(
            title=f"Past session {i}", starts_at=at(2026, 10, 1 + i % 28, 10), status="done"
        )
        future = ActivityFactory(
            title=f"Future session {i}",
            starts_at=at(2026, 11, 11, 10) + timedelta(hours=i),
            capacity=3,
        )
        attendance += [
            Attendance(activity=past, cocreator=p, status=AttendanceStatus.ATTENDED, hours=2)
            for p in crowd
        ]
        signups += [
            SignUp(
                activity=future,
                cocreator=p,
                status=SignUpStatus.BOOKED if j < 3 else SignUpStatus.WAITING,
            )
            for j, p in enumerate(crowd)
        ]
        ActivityFactory(title=f"Unrecorded session {i}", starts_at=at(2026, 10, 1 + i % 28, 14))
    Attendance.objects.bulk_create(attendance)
    SignUp.objects.bulk_create(signups)


def test_the_query_count_does_not_grow_with_activities_and_attendance(
    staff_client, world, people, staff_member, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as few:
        _page(staff_client)
    print(f"The dashboard took {len(few.captured_queries)} queries")
    _grow(world, people, staff_member, 30)
    for i in range(10):
        user_create_with_role(email=f"p{i}@example.org", role=Role.COCREATOR)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = _page(staff_client)
    # The lists really did grow, and are cut short with a note.
    assert "Only the first 20 are shown." in html
    assert "Only the oldest 20 are shown." in html


def test_upcoming_is_cut_at_the_fortnight(staff_client, world):
    ActivityFactory(title="Just inside", starts_at=at(2026, 11, 24, 11), hours=1)
    ActivityFactory(title="Just outside", starts_at=at(2026, 11, 24, 12), hours=1)
    rows = _table(_page(staff_client), "Activities in the next 14 days")
    titles = [row[0] for row in rows]
    assert "Just inside" in titles and "Just outside" not in titles
