"""Every page fits the screen: nothing scrolls sideways on a phone (390px) or a desktop (1280px).

Each persona (a co-creator, a steering group member, staff, and someone signed out) signs in
once and visits every page they can reach: every row of docs/permissions.md that says "yes" for
them, and the pages that need a row of the demo data (an activity, a key action, a newsletter).
On each page `document.documentElement.scrollWidth` must not be more than `window.innerWidth`,
at 320px too (400% zoom on a desktop), as the accessibility statement says. The widest tables
(the staff dashboard, the register, "Your activities", the plan tracker) use the NHS.UK
responsive table; a table of six or more columns of figures scrolls within its own box.

The pages this work changed (opportunities, "Your activities", the dashboard, the register, the
plan tracker and the newsletter editor) pass axe-core at both widths, and the long ones are
short: their lengths are printed (run with -s to read them).

Run on its own with: pytest tests/browser/test_page_widths.py -p no:randomly -s
"""

import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from activities.models import (
    Activity,
    ActivitySeries,
    Attendance,
    AttendanceStatus,
    AwarenessDate,
    Project,
    SignUp,
    SignUpStatus,
)
from capacity.models import Course, CourseRun, PersonRole, Resource, ResourceAudience, RoleProfile
from community.models import (
    Champion,
    CoCreator,
    ContactLogEntry,
    PartnerContact,
    PartnerOrganisation,
    PopulationBenchmark,
    User,
)
from consultations.demo import CLOSED_TITLE, OPEN_TITLE
from consultations.models import (
    Consultation,
    Contribution,
    ContributionKind,
    DiscussionName,
    LinkInvitation,
    Moderation,
)
from impact.models import CaseStudy, EvidenceItem, ImpactRecord, JournalEntry, Theme
from impact.services.case_studies import case_study_save
from reporting.groups.models import SavedGroup
from reporting.models import GovernancePack, KeyAction, NewsletterIssue
from reporting.newsletters import services as newsletters

from .harness import assert_page_ok, require_browser_tooling, sign_in_as, wait_for_page

require_browser_tooling()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE, DESKTOP, SMALLEST = 390, 1280, 320
HEIGHT = 900
EMAILS = {
    "cocreator": "cocreator@example.org",
    "steering_member": "steering@example.org",
    "staff": "staff@example.org",
    "partner_member": "partner@example.org",
}
# The columns of docs/permissions.md, after the area and the example URL.
COLUMNS = ("anonymous", "cocreator", "steering_member", "staff", "partner_member")
# Rows of the table that are files, not pages.
NOT_A_PAGE = re.compile(r"(\.csv|\.json|\.ics|\.pdf|/healthz)$")

# Pages that need a row of the demo data, by persona; {name} is filled from `rows()`.
DETAIL_PAGES = {
    "anonymous": [
        "/accounts/login/code/",
        "/accounts/password/reset/",
        "/calendar/activities/{opportunity}/",
        "/newsletter/{sent_newsletter}/",
        "/roles/{role}/",
        "/resources/{resource}/",
        "/have-your-say/{closed_consultation}/",
        "/have-your-say/{closed_consultation}/answer/",
        "/have-your-say/link/{link}/",
    ],
    "cocreator": [
        "/portal/preferences/",
        "/portal/data/",
        "/portal/opportunities/{opportunity}/",
        "/portal/opportunities/?format=online&when=this-month",
        "/portal/sign-ups/{signup}/withdraw/",
        "/journal/add/",
        "/journal/{journal}/",
        "/journal/{journal}/edit/",
        "/journal/{journal}/delete/",
        "/calendar/activities/{opportunity}/",
        "/newsletter/{sent_newsletter}/",
        "/portal/training/runs/{attended_run}/feedback/",
        "/roles/{role}/",
        "/portal/resources/{resource}/",
        "/have-your-say/{consultation}/",
        "/have-your-say/{consultation}/answer/",
        "/have-your-say/{consultation}/thank-you/",
        "/have-your-say/{consultation}/ideas-and-discussion/",
        "/have-your-say/{consultation}/ideas/add/",
        "/have-your-say/{consultation}/discussion/add/",
        "/have-your-say/{consultation}/contributions/{idea}/report/",
        "/have-your-say/{closed_consultation}/",
    ],
    "steering_member": [
        "/reports/plan/actions/{key_action}/",
        "/reports/packs/{pack}/",
        "/reports/2026-q3/",
        "/roles/{role}/",
    ],
    "staff": [
        "/staff/community/add/",
        "/staff/community/{cocreator}/",
        "/staff/community/{cocreator}/edit/",
        "/staff/community/{cocreator}/story/",
        "/staff/community/{cocreator}/contact-log/add/",
        "/staff/contact-log/{contact_note}/edit/",
        "/staff/bookings/people/{cocreator}/book/",
        "/staff/activities/{opportunity}/book/",
        "/staff/activities/{opportunity}/cancel/",
        "/staff/series/{series}/",
        "/staff/series/{series}/book/",
        "/staff/groups/{group}/",
        "/staff/groups/{group}/message/",
        "/staff/community/benchmarks/add/",
        "/staff/community/benchmarks/{benchmark}/edit/",
        "/staff/partners/add/",
        "/staff/partners/{partner}/",
        "/staff/partners/{partner}/edit/",
        "/staff/partners/{partner}/contacts/add/",
        "/staff/partners/{partner}/contacts/{contact}/edit/",
        "/staff/champions/add/",
        "/staff/champions/{champion}/edit/",
        "/staff/projects/add/",
        "/staff/projects/{project}/",
        "/staff/projects/{project}/edit/",
        "/staff/activities/add/",
        "/staff/activities/{activity}/",
        "/staff/activities/{activity}/edit/",
        "/staff/activities/{activity}/notes/",
        "/staff/activities/{activity}/attendance/",
        "/staff/activities/{activity}/attendance/add/",
        "/staff/calendar/dates/add/",
        "/staff/calendar/dates/{awareness}/edit/",
        "/staff/themes/add/",
        "/staff/themes/{theme}/edit/",
        "/staff/themes/tag/activity/{activity}/",
        "/staff/themes/import/",
        "/staff/themes/triangulation/",
        "/staff/case-studies/add/",
        "/staff/case-studies/{case_study}/",
        "/staff/impact/add/",
        "/staff/impact/{record}/",
        "/staff/impact/{record}/edit/",
        "/staff/impact/{record}/evidence/add/",
        "/staff/impact/{record}/evidence/{evidence}/edit/",
        "/staff/impact/{record}/documents/add/",
        "/staff/newsletters/new/",
        "/staff/newsletters/{newsletter}/",
        "/staff/newsletters/{newsletter}/edit/",
        "/staff/newsletters/{sent_newsletter}/",
        "/staff/newsletters/{sent_newsletter}/progress/",
        "/reports/plan/actions/{key_action}/",
        "/reports/packs/{pack}/",
        "/staff/training/courses/add/",
        "/staff/training/courses/{course}/",
        "/staff/training/courses/{course}/edit/",
        "/staff/training/courses/{course}/runs/add/",
        "/staff/training/courses/{course}/completions/add/",
        "/staff/training/runs/{run}/sessions/add/",
        "/staff/roles/add/",
        "/staff/roles/{role}/edit/",
        "/staff/roles/held/{person_role}/end/",
        "/roles/{role}/",
        "/staff/resources/add/",
        "/have-your-say/{consultation}/",
        "/staff/have-your-say/{consultation}/",
        "/staff/have-your-say/{consultation}/edit/",
        "/staff/have-your-say/{consultation}/questions/",
        "/staff/have-your-say/{consultation}/questions/{question}/",
        "/staff/have-your-say/{consultation}/documents/",
        "/staff/have-your-say/{consultation}/publish/",
        "/staff/have-your-say/{consultation}/close/",
        "/staff/have-your-say/{consultation}/invite/",
        "/staff/have-your-say/{consultation}/assist/",
        "/staff/have-your-say/{consultation}/assist/{cocreator}/",
        "/staff/have-your-say/{consultation}/results/",
        "/staff/have-your-say/{consultation}/contributions/{idea}/hide/",
        "/staff/have-your-say/{closed_consultation}/results/",
        "/staff/have-your-say/{closed_consultation}/outcome/",
    ],
}
# The pages this work changed: axe-core at both widths.
CHANGED_PAGES = {
    "cocreator": [
        "/accessibility/",
        "/portal/",
        "/portal/opportunities/",
        "/portal/opportunities/?format=online",
        "/portal/opportunities/?interest=999999",
        "/portal/activities/",
    ],
    "steering_member": ["/reports/plan/"],
    "staff": ["/staff/", "/staff/community/", "/staff/newsletters/{newsletter}/"],
}


def permissions_table_pages() -> dict[str, list[str]]:
    """Each persona's pages from docs/permissions.md: the rows that say "yes" for them."""
    table = Path(settings.BASE_DIR, "docs", "permissions.md").read_text()
    pages: dict[str, list[str]] = {persona: [] for persona in COLUMNS}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 7 or not cells[1].startswith("`/"):
            continue
        url = cells[1].strip("`")
        if NOT_A_PAGE.search(url):
            continue
        for persona, answer in zip(COLUMNS, cells[2:], strict=True):
            if answer == "yes":
                pages[persona].append(url)
    return pages


@pytest.fixture
def demo(monkeypatch, settings):
    """The demo community, with the few rows it lacks, and the id of one row of each kind."""
    settings.STAFF_MFA_REQUIRED = False  # two-factor is tested elsewhere; here, the pages
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", stdout=StringIO())
    me = CoCreator.objects.get(user__email=EMAILS["cocreator"])
    journal = JournalEntry.objects.create(
        author=me.user,
        prompt="What changed for you this month?",
        body="I spoke at the ward garden meeting and people listened.",
    )
    case_study = CaseStudy(title="Finding my voice", story="I joined the garden group.")
    case_study_save(case_study=case_study, impact_records=[], actor=None)
    sent = newsletters.newsletter_save(
        issue=None,
        actor=None,
        title="Winter news",
        intro="Our news from the winter.",
        sections=[("Coffee mornings", "Come and chat with us.")],
        highlights=[],
    )
    sent = newsletters.newsletter_send(issue=sent)
    now = timezone.now()
    if not AwarenessDate.objects.exists():  # a flush by an earlier committing test empties them
        AwarenessDate.objects.create(
            name="World Mental Health Day", starts_on=now.date(), description="A day of events."
        )

    def first(rows):
        return rows.order_by("pk").values_list("pk", flat=True).first()

    # The demo co-creator came to a course's past session, so they may say what should change.
    run = CourseRun.objects.filter(sessions__activity__starts_at__lt=now).order_by("pk").first()
    Attendance.objects.get_or_create(
        activity=run.sessions.order_by("pk").first().activity,
        cocreator=me,
        defaults={"status": AttendanceStatus.ATTENDED},
    )
    record = ImpactRecord.objects.filter(evidence__isnull=False).order_by("pk").first()
    # Have your say: the demo co-creator has a name for discussions (else adding an idea asks
    # for one first) and a personal link to the open consultation.
    consultation = Consultation.objects.get(title=OPEN_TITLE)
    DiscussionName.objects.get_or_create(cocreator=me, defaults={"display_name": "Casey C."})
    link, _ = LinkInvitation.objects.get_or_create(consultation=consultation, cocreator=me)
    contact = PartnerContact.objects.order_by("pk").first()
    rows = {
        "opportunity": first(Activity.objects.open_for_signup().public()),
        "signup": first(
            SignUp.objects.filter(
                cocreator=me, status=SignUpStatus.BOOKED, activity__starts_at__gt=now
            )
        ),
        "journal": journal.pk,
        "cocreator": me.pk,
        "benchmark": first(PopulationBenchmark.objects.all()),
        "partner": contact.organisation_id,
        "contact": contact.pk,
        "champion": first(Champion.objects.all()),
        "project": first(Project.objects.all()),
        "activity": first(Activity.objects.all()),
        "awareness": first(AwarenessDate.objects.all()),
        "theme": first(Theme.objects.all()),
        "case_study": case_study.pk,
        "record": record.pk,
        "evidence": first(EvidenceItem.objects.filter(record=record)),
        "newsletter": first(NewsletterIssue.objects.exclude(pk=sent.pk)),
        "sent_newsletter": sent.pk,
        "key_action": first(KeyAction.objects.all()),
        "pack": first(GovernancePack.objects.all()),
        "series": first(ActivitySeries.objects.all()),
        "group": first(SavedGroup.objects.all()),
        "contact_note": first(ContactLogEntry.objects.all()),
        "course": first(Course.objects.filter(runs__isnull=False)),
        "run": first(CourseRun.objects.all()),
        "attended_run": run.pk,
        "role": first(RoleProfile.objects.all()),
        "person_role": first(PersonRole.objects.filter(ended_on__isnull=True)),
        "resource": Resource.objects.filter(is_published=True, audience=ResourceAudience.PUBLIC)
        .order_by("pk")
        .values_list("slug", flat=True)
        .first(),
        "consultation": consultation.pk,
        "closed_consultation": first(Consultation.objects.filter(title=CLOSED_TITLE)),
        "question": first(consultation.questions.all()),
        "idea": first(
            Contribution.objects.filter(
                consultation=consultation, kind=ContributionKind.IDEA, moderation=Moderation.SHOWN
            )
        ),
        "link": link.token,
    }
    missing = [name for name, pk in rows.items() if pk is None]
    assert not missing, f"The demo data has no {missing}"
    assert PartnerOrganisation.objects.filter(pk=rows["partner"]).exists()
    return rows


def _pages(persona: str, rows: dict, *groups) -> list[str]:
    urls = []
    for group in groups:
        for url in group.get(persona, []):
            url = url.replace("{key action}", str(rows["key_action"])).format(**rows)
            if url not in urls:
                urls.append(url)
    return urls


def _client(persona: str) -> Client:
    """A test client signed in as the persona (or not signed in)."""
    client = Client()
    if persona != "anonymous":
        client.force_login(User.objects.get(email=EMAILS[persona]))
    return client


def _sign_in(browser, live_server, persona: str) -> None:
    """Sign the browser in as the persona, or out. One session serves all their pages."""
    browser.get("about:blank")
    browser.delete_all_cookies()
    if persona != "anonymous":
        sign_in_as(browser, live_server, User.objects.get(email=EMAILS[persona]))


def _open(browser, live_server, url: str, width: int) -> None:
    browser.set_window_size(width, HEIGHT)
    browser.get(live_server.url + url)
    wait_for_page(browser)
    target = urlparse(url)
    here = urlparse(browser.current_url)
    assert here.path == target.path, f"{url} ended on {browser.current_url}"


def _widths(browser) -> tuple[int, int]:
    return tuple(
        browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth];")
    )


# The outermost elements that reach past the window's right edge, to say what to fix.
_CULPRITS = """
const edge = window.innerWidth + 0.5, found = [];
for (const el of document.body.querySelectorAll('*')) {
  const box = el.getBoundingClientRect();
  if (box.width && box.right > edge && el.parentElement.getBoundingClientRect().right <= edge) {
    found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(box.right)}px)`);
  }
}
return found.slice(0, 5);
"""


def _fits(browser) -> bool:
    scroll, inner = _widths(browser)
    return scroll <= inner


def _too_wide(browser, url: str, width: int) -> str | None:
    browser.set_window_size(width, HEIGHT)
    try:
        # Just after a resize the NHS.UK header is still moving its links into "More".
        WebDriverWait(browser, 2, poll_frequency=0.1).until(_fits)
    except TimeoutException:
        scroll, inner = _widths(browser)
        culprits = ", ".join(browser.execute_script(_CULPRITS))
        return f"{url} at {width}px: {scroll}px wide in a {inner}px window: {culprits}"
    return None


# The pages are shared out in parts (staff have most), so that xdist runs the parts side by side
# rather than one test of some 300 pages taking three minutes at the end of the run.
WIDTH_PARTS = [
    (persona, part, parts)
    for persona in COLUMNS
    for parts in [{"staff": 3}.get(persona, 1)]
    for part in range(parts)
]
# Fewer pages than this for a persona means the list of pages has lost some.
# (On 2026-12-07 the demo gave 25, 57, 26, 154 and 20.)
FEWEST_PAGES = {
    "anonymous": 20,
    "cocreator": 45,
    "steering_member": 20,
    "staff": 120,
    "partner_member": 15,
}


@pytest.mark.parametrize(
    ("persona", "part", "parts"), WIDTH_PARTS, ids=[f"{p}-{i + 1}of{n}" for p, i, n in WIDTH_PARTS]
)
def test_no_page_scrolls_sideways_on_a_phone_or_a_desktop(
    demo, browser, live_server, persona, part, parts
):
    every = _pages(persona, demo, permissions_table_pages(), DETAIL_PAGES)
    assert len(every) >= FEWEST_PAGES[persona], f"only {len(every)} pages for {persona}"
    problems, pages = [], []
    # This part's pages answer first, before the browser is on any page (the newsletter's
    # progress page reloads itself, and SQLite takes one writer at a time).
    client = _client(persona)
    for url in every[part::parts]:
        status = client.get(url).status_code
        if status == 200:
            pages.append(url)
        else:
            problems.append(f"{url} as {persona} answered {status}")
    _sign_in(browser, live_server, persona)
    for url in pages:
        _open(browser, live_server, url, PHONE)
        for width in (PHONE, DESKTOP, SMALLEST):
            problem = _too_wide(browser, url, width)
            if problem:
                problems.append(f"{problem} (as {persona})")
    assert not problems, "\n".join(problems)


def test_the_pages_changed_here_are_accessible_at_both_widths(demo, browser, live_server):
    for persona, urls in CHANGED_PAGES.items():
        _sign_in(browser, live_server, persona)
        for url in _pages(persona, demo, {persona: urls}):
            for width in (PHONE, DESKTOP):
                browser.get_log("browser")  # reading empties it: only this page's entries count
                _open(browser, live_server, url, width)
                assert_page_ok(browser)
                # And with every folded part open, as someone reading it all would have it.
                browser.execute_script(
                    "document.querySelectorAll('details').forEach((d) => { d.open = true; });"
                )
                assert_page_ok(browser)


def test_wide_tables_stack_into_rows_on_a_phone(demo, browser, live_server):
    _sign_in(browser, live_server, "staff")
    heading = "main .nhsuk-table-responsive__heading"
    for url in ("/staff/", "/staff/community/", "/reports/plan/"):
        _open(browser, live_server, url, SMALLEST)
        first = browser.find_element(By.CSS_SELECTOR, heading)
        assert first.is_displayed(), url
        cell = first.find_element(By.XPATH, "./ancestor::td")
        assert cell.value_of_css_property("display") == "flex", url
        browser.set_window_size(DESKTOP, HEIGHT)
        assert not first.is_displayed(), url
        assert cell.value_of_css_property("display") == "table-cell", url


def _height(browser) -> int:
    return browser.execute_script("return document.documentElement.scrollHeight;")


def _top(browser, selector: str) -> int:
    return browser.execute_script(
        "return Math.round(document.querySelector(arguments[0]).getBoundingClientRect().top"
        " + window.scrollY);",
        selector,
    )


def test_the_long_pages_are_short_with_their_main_actions_near_the_top(demo, browser, live_server):
    lengths = {}
    _sign_in(browser, live_server, "cocreator")
    for width in (DESKTOP, PHONE):
        _open(browser, live_server, "/portal/opportunities/", width)
        lengths[("opportunities", width)] = _height(browser)
        # On a phone the filters fold away, so the first activity comes straight after them.
        filters = browser.find_element(By.ID, "filters")
        assert (filters.get_attribute("open") is None) == (width == PHONE)
        assert _top(browser, ".app-opportunity") < 900
    assert len(browser.find_elements(By.CSS_SELECTOR, ".app-opportunity")) <= 10

    _sign_in(browser, live_server, "staff")
    for width in (DESKTOP, PHONE):
        _open(browser, live_server, f"/staff/newsletters/{demo['newsletter']}/", width)
        lengths[("newsletter editor", width)] = _height(browser)
        assert _top(browser, "button[value='send']") < 1400, width
        assert _top(browser, "button[value='schedule']") < 1900, width

    _sign_in(browser, live_server, "steering_member")
    for width in (DESKTOP, PHONE):
        _open(browser, live_server, "/reports/", width)
        lengths[("report", width)] = _height(browser)

    for (page, width), length in lengths.items():
        print(f"{page} at {width}px: {length}px long")
    for width in (DESKTOP, PHONE):
        assert lengths[("opportunities", width)] < 6000
        assert lengths[("newsletter editor", width)] < 2500


def test_the_filters_work_in_the_browser_on_a_phone(demo, browser, live_server):
    _sign_in(browser, live_server, "cocreator")
    _open(browser, live_server, "/portal/opportunities/", PHONE)
    browser.find_element(By.CSS_SELECTOR, "#filters > summary").click()
    browser.find_element(By.CSS_SELECTOR, "#id_format option[value='online']").click()
    form = browser.find_element(By.CSS_SELECTOR, "#filters form")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    wait_for_page(browser)
    assert urlparse(browser.current_url).query == "interest=&locality=&when=&format=online&level="
    count = browser.find_element(By.ID, "opportunity-count").text
    assert re.search(r"(\d+ activit(y matches|ies match)|No activities match): online\.", count)
    browser.find_element(By.LINK_TEXT, "Clear the filters").click()
    wait_for_page(browser)
    assert "open for sign-up" in browser.find_element(By.ID, "opportunity-count").text
