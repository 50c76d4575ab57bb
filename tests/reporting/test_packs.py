"""Locked governance packs: staff publish a period's report once; it never changes afterwards."""

import io
import re
from datetime import datetime

import pypdf
import pytest
import time_machine
from django.utils import timezone

from reporting.packs import services as packs
from reporting.packs.models import GovernancePack, PackAlreadyPublished
from reporting.packs.selectors import changes_since_pack
from reporting.packs.services import PackRefused, pack_publish

from .sample_report import changed_report, sample_report, use_sample_report

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 26, 14, 5, tzinfo=timezone.get_fixed_timezone(0))
PUBLISH = "/staff/reports/2026-q2/publish/"
NARRATIVE = "A good quarter.\n\nMore people took part in co-design."
VALID = {"narrative": NARRATIVE, "confirm": "on"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def calls(monkeypatch):
    return use_sample_report(monkeypatch)


def digest_on(html: str) -> str:
    """The fingerprint of the figures a publish page shows, from its hidden field."""
    found = re.search(r'name="digest" value="([0-9a-f]{64})"', html)
    assert found, "the publish page carries no fingerprint"
    return found.group(1)


def _publish(client, data=VALID, url=PUBLISH, digest=None):
    """Post the publish form as the page would: with the fingerprint of the figures shown."""
    if digest is None:
        page = client.get(url)
        digest = digest_on(page.content.decode()) if page.status_code == 200 else ""
    return client.post(url, {"digest": digest, **data})


# --- publishing --------------------------------------------------------------------------------


def test_staff_see_the_publish_form_with_the_figures_to_freeze(calls, staff_client):
    html = staff_client.get(PUBLISH).content.decode()
    assert "Publish the governance pack" in html
    assert 'name="narrative"' in html
    assert "I have checked the figures" in html
    assert "15 of 20" in html


def test_staff_publish_a_pack_that_freezes_the_report_narrative_and_signature(
    calls, staff_client, staff_member
):
    response = _publish(staff_client)
    pack = GovernancePack.objects.get()
    assert response.status_code == 302
    assert response.url == f"/reports/packs/{pack.pk}/"
    assert pack.period_slug == "2026-q2"
    assert pack.period_label == "2026/27 Q2 (July to September 2026)"
    assert pack.content["report"] == sample_report("2026-q2")
    assert pack.content["narrative"] == NARRATIVE
    assert pack.narrative == NARRATIVE
    assert pack.content["signature"] == (
        "Published by Sam Staff, Involvement staff, on 26 November 2026 at 14:05"
    )
    assert pack.digest == GovernancePack.digest_of(pack.content)
    assert pack.intact
    assert pack.published_by == staff_member
    assert pack.published_by_name == "Sam Staff"
    assert pack.published_at == TODAY


def test_the_pack_page_shows_the_frozen_figures_signature_and_digest(calls, staff_client):
    pack_url = _publish(staff_client).url
    html = staff_client.get(pack_url).content.decode()
    assert "Published by Sam Staff, Involvement staff, on 26 November 2026 at 14:05" in html
    assert GovernancePack.objects.get().digest in html
    assert "The pack matches its fingerprint." in html
    assert "<p>A good quarter.</p>" in html
    assert "15 of 20" in html
    assert "How this is worked out" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"confirm": "on"}, "Write the narrative for the steering group"),
        ({"narrative": "   ", "confirm": "on"}, "Write the narrative for the steering group"),
        ({"narrative": NARRATIVE}, "Confirm that you have checked the figures"),
    ],
)
def test_publishing_needs_a_narrative_and_the_check(calls, staff_client, data, message):
    response = _publish(staff_client, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert message in html
    assert not GovernancePack.objects.exists()


def test_a_steering_member_cannot_publish(calls, steering_client):
    assert steering_client.get(PUBLISH).status_code == 403
    assert _publish(steering_client).status_code == 403
    assert not GovernancePack.objects.exists()


def test_a_cocreator_cannot_publish(calls, cocreator_client):
    assert _publish(cocreator_client).status_code == 403
    assert not GovernancePack.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in_to_publish(calls, anonymous):
    response = _publish(anonymous)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not GovernancePack.objects.exists()


def test_a_second_pack_for_the_same_period_is_refused_and_nothing_is_written(calls, staff_client):
    _publish(staff_client)
    first = GovernancePack.objects.get()
    response = _publish(staff_client, {"narrative": "A different story", "confirm": "on"})
    assert response.status_code == 302
    assert response.url == "/reports/2026-q2/"
    html = staff_client.get(response.url).content.decode()
    assert "has already been published" in html
    assert GovernancePack.objects.count() == 1
    again = GovernancePack.objects.get()
    assert again.narrative == NARRATIVE
    assert again.content == first.content


def test_a_period_that_has_not_ended_cannot_have_a_pack(calls, staff_client):
    response = _publish(staff_client, url="/staff/reports/2026-q3/publish/")
    assert response.status_code == 302
    assert "has not ended yet" in staff_client.get(response.url).content.decode()
    assert not GovernancePack.objects.exists()


def test_a_future_period_cannot_have_a_pack(calls, staff_client):
    assert _publish(staff_client, url="/staff/reports/2026-q4/publish/").status_code == 404
    assert not GovernancePack.objects.exists()


def test_the_service_refuses_a_second_pack_or_an_unended_period(calls, staff_member):
    from cocreation.lib.periods import parse_slug

    pack_publish(period=parse_slug("2026-q2"), narrative="N", user=staff_member)
    with pytest.raises(PackRefused, match="already been published"):
        pack_publish(period=parse_slug("2026-q2"), narrative="Again", user=staff_member)
    with pytest.raises(PackRefused, match="has not ended yet"):
        pack_publish(period=parse_slug("2026-q3"), narrative="N", user=staff_member)
    assert GovernancePack.objects.count() == 1


def test_figures_that_changed_after_they_were_shown_are_not_frozen(monkeypatch, staff_client):
    use_sample_report(monkeypatch)
    shown = digest_on(staff_client.get(PUBLISH).content.decode())
    # The data changes while staff read and tick "I have checked the figures".
    use_sample_report(monkeypatch, lambda period: changed_report(sample_report(period)))
    response = _publish(staff_client, digest=shown)
    assert response.status_code == 200
    assert not GovernancePack.objects.exists()
    html = response.content.decode()
    assert (
        "The figures changed while you were checking them. Check them again, then publish." in html
    )
    assert "20 of 25" in html  # the new figures, to check again
    assert NARRATIVE.split("\n")[0] in html  # the narrative is kept
    confirm = re.search(r'<input[^>]*name="confirm"[^>]*>', html).group(0)
    assert "checked" not in confirm  # ticked again only after checking the new figures
    now_shown = digest_on(html)
    assert now_shown != shown
    assert _publish(staff_client, digest=now_shown).status_code == 302
    assert GovernancePack.objects.get().content["report"] == changed_report(sample_report())


def test_the_service_refuses_figures_other_than_those_shown_and_writes_nothing(
    monkeypatch, staff_member
):
    from cocreation.lib.periods import parse_slug

    use_sample_report(monkeypatch)
    shown = packs.report_fingerprint(sample_report("2026-q2"))
    use_sample_report(monkeypatch, lambda period: changed_report(sample_report(period)))
    with pytest.raises(packs.FiguresChanged) as refused:
        pack_publish(
            period=parse_slug("2026-q2"), narrative="N", user=staff_member, expected_digest=shown
        )
    assert refused.value.message == (
        "The figures changed while you were checking them. Check them again, then publish."
    )
    assert isinstance(refused.value, PackRefused)
    assert not GovernancePack.objects.exists()


def test_the_fingerprint_ignores_when_the_report_was_worked_out_but_not_its_figures():
    report = sample_report("2026-q2")
    later = {**report, "computed_at": "2026-11-26T16:30:00+00:00"}
    assert packs.report_fingerprint(later) == packs.report_fingerprint(report)
    assert packs.report_fingerprint(changed_report(report)) != packs.report_fingerprint(report)


def test_a_publish_form_without_the_fingerprint_is_not_accepted(calls, staff_client):
    response = staff_client.post(PUBLISH, VALID)
    assert response.status_code == 200
    assert "Check the figures again, then publish" in response.content.decode()
    assert digest_on(response.content.decode())
    assert not GovernancePack.objects.exists()


# --- a published pack never changes ------------------------------------------------------------


def test_a_pack_cannot_be_saved_again_or_deleted(calls, staff_client):
    _publish(staff_client)
    pack = GovernancePack.objects.get()
    pack.narrative = "Changed"
    with pytest.raises(PackAlreadyPublished):
        pack.save()
    with pytest.raises(PackAlreadyPublished):
        pack.delete()
    assert GovernancePack.objects.get().narrative == NARRATIVE


def test_changed_data_does_not_change_the_pack_but_the_live_page_says_what_changed(
    monkeypatch, staff_client, steering_client
):
    use_sample_report(monkeypatch)
    pack_url = _publish(staff_client).url
    before = steering_client.get(pack_url).content.decode()
    assert "15 of 20" in before
    live = steering_client.get("/reports/2026-q2/").content.decode()
    assert "No figure has changed since the pack was published on 26 November 2026" in live

    use_sample_report(monkeypatch, lambda period: changed_report(sample_report(period)))
    after = steering_client.get(pack_url).content.decode()
    assert "15 of 20" in after
    assert "20 of 25" not in after
    assert GovernancePack.objects.get().intact

    live = steering_client.get("/reports/2026-q2/").content.decode()
    assert "20 of 25" in live
    assert "Data has changed since the pack was published" in live
    changed = live[live.index("Data has changed") : live.index("The pack itself does not change")]
    assert "Responses reporting improved confidence, connection or sense of purpose" in changed
    assert "Activities held" not in changed
    assert f'href="{pack_url}"' in live


def test_the_pack_page_does_not_compute_the_report(monkeypatch, staff_client, steering_client):
    calls = use_sample_report(monkeypatch)
    pack_url = _publish(staff_client).url
    calls.clear()
    assert steering_client.get(pack_url).status_code == 200
    assert steering_client.get(pack_url + "pack.pdf").status_code == 200
    assert steering_client.get(pack_url + "figures.csv").status_code == 200
    assert calls == []


def test_a_pack_whose_copy_was_altered_in_the_database_says_so(calls, staff_client):
    pack_url = _publish(staff_client).url
    pack = GovernancePack.objects.get()
    content = pack.content
    content["narrative"] = "Tampered"
    GovernancePack.objects.filter(pk=pack.pk).update(content=content)
    html = staff_client.get(pack_url).content.decode()
    assert "does not match its fingerprint" in html


def test_changes_since_pack_compares_figures_and_levels_by_key():
    frozen = sample_report("2026-q2")
    live = changed_report(frozen)
    live["levels"][0]["activities"] = "15"
    live["sections"][2]["figures"].pop()  # case studies no longer reported
    assert changes_since_pack(frozen, frozen) == []
    assert changes_since_pack(frozen, live) == [
        "Responses reporting improved confidence, connection or sense of purpose",
        "Case studies published (no longer reported)",
        "Activities at level 1: Inform",
    ]


# --- reading packs -----------------------------------------------------------------------------


def test_the_pack_list_shows_published_packs_with_their_downloads(
    calls, staff_client, steering_client
):
    _publish(staff_client)
    pack = GovernancePack.objects.get()
    html = steering_client.get("/reports/packs/").content.decode()
    assert "2026/27 Q2 (July to September 2026)" in html
    assert f'href="/reports/packs/{pack.pk}/pack.pdf"' in html
    assert f'href="/reports/packs/{pack.pk}/figures.csv"' in html


def test_the_pack_list_says_when_there_are_none(steering_client):
    assert "No governance pack has been published yet" in (
        steering_client.get("/reports/packs/").content.decode()
    )


@pytest.mark.parametrize("suffix", ["", "pack.pdf", "figures.csv"])
def test_outsiders_cannot_read_a_pack(calls, staff_client, cocreator_client, anonymous, suffix):
    url = _publish(staff_client).url + suffix
    assert cocreator_client.get(url).status_code == 403
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("suffix", ["", "pack.pdf", "figures.csv"])
def test_a_missing_pack_is_not_found(steering_client, suffix):
    assert steering_client.get(f"/reports/packs/999/{suffix}").status_code == 404


def test_the_pack_list_query_count_does_not_grow_with_packs(
    staff_member, steering_client, django_assert_max_num_queries
):
    def make(slug):
        content = {"report": sample_report(slug, extra_figures=50), "narrative": "N"}
        GovernancePack.objects.create(
            period_slug=slug,
            period_label=slug,
            narrative="N",
            content=content,
            digest=GovernancePack.digest_of(content),
            published_at=timezone.now(),
            published_by=staff_member,
            published_by_name="Sam Staff",
        )

    make("2025-q2")
    with django_assert_max_num_queries(10) as few:
        steering_client.get("/reports/packs/")
    for slug in ("2025-q3", "2025-q4", "2026-q1", "2026-q2", "2025-h1", "2025-year"):
        make(slug)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = steering_client.get("/reports/packs/").content.decode()
    assert "2025-year" in html


# --- the summary first, the fingerprint for staff ------------------------------------------------


def test_publishing_freezes_the_summarys_changes_and_plan_actions(calls, staff_client):
    from reporting.plan.models import ActionStatus, KeyAction

    KeyAction.objects.filter(objective__number=4, position=1).update(status=ActionStatus.OFF_TRACK)
    pack_url = _publish(staff_client).url
    attention = GovernancePack.objects.get().content["attention"]
    assert attention["as_of"] == "26 November 2026"
    assert attention["actions"][0]["status"] == "Off track"
    assert attention["actions"][0]["overdue"] is True  # July to December 2025, not done
    assert attention["you_said_we_did"] == []

    # The plan moves on; the pack keeps what was true when it was published.
    KeyAction.objects.update(status=ActionStatus.DONE)
    html = staff_client.get(pack_url).content.decode()
    summary = html[html.index("<h2>Summary</h2>") : html.index("<h2>Narrative</h2>")]
    assert "On 26 November 2026, 29 key actions are at risk, off track or overdue" in summary
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>' in summary
    assert GovernancePack.objects.get().intact


def test_the_pack_page_leads_with_the_summary_and_not_the_fingerprint(
    calls, staff_client, steering_client
):
    pack_url = _publish(staff_client).url
    pack = GovernancePack.objects.get()
    html = steering_client.get(pack_url).content.decode()
    main = html[html.index("<main") :]
    assert main.index("<h2>Summary</h2>") < main.index("<h2>Narrative</h2>")
    assert "75.0%" in main[main.index("<h2>Summary</h2>") : main.index("<h2>Narrative</h2>")]
    assert pack.digest not in html  # a steering member is not shown the fingerprint
    assert "Check this pack has not changed" not in html
    assert "The pack matches its fingerprint." in main[main.index("<h2>Narrative</h2>") :]


def test_staff_find_the_fingerprint_in_a_details_element_after_the_narrative(calls, staff_client):
    pack_url = _publish(staff_client).url
    html = staff_client.get(pack_url).content.decode()
    digest = GovernancePack.objects.get().digest
    details = html[html.index('<details class="nhsuk-details" id="pack-fingerprint">') :]
    details = details[: details.index("</details>")]
    assert "Check this pack has not changed" in details
    assert digest in details
    assert html.index("<h2>Narrative</h2>") < html.index(digest)


def test_an_altered_pack_warns_every_reader(calls, staff_client, steering_client):
    pack_url = _publish(staff_client).url
    pack = GovernancePack.objects.get()
    content = {**pack.content, "narrative": "Tampered"}
    GovernancePack.objects.filter(pk=pack.pk).update(content=content)
    html = steering_client.get(pack_url).content.decode()
    assert "This copy of the pack has been altered" in html
    assert "The pack matches its fingerprint." not in html


def test_a_pack_published_before_packs_kept_the_summarys_extras_says_so(
    calls, staff_member, steering_client
):
    content = {"report": sample_report("2026-q2"), "narrative": "N", "signature": "Signed"}
    pack = GovernancePack.objects.create(
        period_slug="2026-q2",
        period_label="2026/27 Q2 (July to September 2026)",
        narrative="N",
        content=content,
        digest=GovernancePack.digest_of(content),
        published_at=timezone.now(),
        published_by=staff_member,
        published_by_name="Sam Staff",
    )
    html = steering_client.get(f"/reports/packs/{pack.pk}/").content.decode()
    assert "<h2>Summary</h2>" in html
    assert "75.0%" in html
    assert "This pack was published before packs kept the plan actions needing attention." in html
    pdf = steering_client.get(f"/reports/packs/{pack.pk}/pack.pdf")
    assert pdf.status_code == 200


def test_the_pack_pdf_starts_with_the_summary_and_ends_with_the_fingerprint(
    calls, staff_client, steering_client
):
    pack_url = _publish(staff_client).url
    pack = GovernancePack.objects.get()
    reader = pypdf.PdfReader(io.BytesIO(steering_client.get(pack_url + "pack.pdf").content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert "Summary" in pages[0]
    assert "Responses reporting improved confidence, connection or sense of purpose" in pages[0]
    assert "75.0%" in pages[0]
    assert "The previous quarter is not shown: fewer than 8 people" in pages[0]
    assert "Plan actions needing attention" in " ".join(pages[:2])
    assert "overdue" in " ".join(pages[:2])
    # The rest of the pack starts on a new page once the summary is done.
    narrative = next(i for i, text in enumerate(pages) if text.startswith("Narrative"))
    assert 1 <= narrative <= 2
    assert pack.digest[:16] not in " ".join(pages[:narrative])
    assert "Checking this pack has not changed" in pages[-1]
