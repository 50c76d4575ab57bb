"""Exports: every figure as CSV (live and from a pack) and a pack as a tagged PDF."""

import csv
import io
from datetime import datetime

import pypdf
import pytest
import time_machine
from django.utils import timezone

from cocreation.lib.disclosure import EXACT_NOTICE
from cocreation.lib.spreadsheets import csv_cell
from community.models import Role
from community.services import user_create_with_role
from reporting.reports.exports import CSV_HEADER, WHICH, figure_rows

from .sample_report import changed_report, sample_report, use_sample_report
from .test_packs import digest_on

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 26, 14, 5, tzinfo=timezone.get_fixed_timezone(0))
PUBLISH = "/staff/reports/2026-q2/publish/"
NARRATIVE = "The quarter in brief: more co-design than ever."


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def calls(monkeypatch):
    return use_sample_report(monkeypatch)


@pytest.fixture
def pack_url(calls, staff_client):
    digest = digest_on(staff_client.get(PUBLISH).content.decode())
    response = staff_client.post(
        PUBLISH, {"narrative": NARRATIVE, "confirm": "on", "digest": digest}
    )
    assert response.status_code == 302
    return response.url


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _pdf(response) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(response.content))


def _pdf_text(reader) -> str:
    # Lines wrap where the page is full; compare words, not line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# --- CSV ---------------------------------------------------------------------------------------


def test_the_period_csv_has_a_header_and_a_row_per_figure_and_level(calls, steering_client):
    response = steering_client.get("/reports/2026-q2/figures.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="report-2026-q2-figures.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert tuple(rows[0]) == CSV_HEADER
    report = sample_report("2026-q2")
    figure_count = sum(len(s["figures"]) for s in report["sections"])
    assert len(rows) == 1 + figure_count + 2 * len(report["levels"])
    first = dict(zip(CSV_HEADER, rows[1], strict=True))
    assert first == {
        "Section": "Outcome 1: improved experience from being involved",
        "Figure": "Responses reporting improved confidence, connection or sense of purpose",
        "Period": "2026/27 Q2 (July to September 2026)",
        "Value": "75.0%",
        "Numerator": "15",
        "Denominator": "20",
        "Previous period": "2026/27 Q1 (April to June 2026)",
        "Previous value": "*",
        "Previous numerator": "*",
        "Previous denominator": "10",
        "How this is worked out": report["sections"][0]["figures"][0]["how"],
        "Which figures": WHICH["steering"],
    }
    levels = [r for r in rows if r[0] == "Activities by engagement level"]
    assert ["Activities, Level 2: Engage", "15"] == levels[2][1:2] + levels[2][3:4]
    assert ["Participant-hours, Level 2: Engage", "40"] == levels[3][1:2] + levels[3][3:4]


def test_staff_download_exact_figures_named_and_marked_as_theirs(calls, staff_client):
    response = staff_client.get("/reports/2026-q2/figures.csv")
    assert 'filename="report-2026-q2-figures-exact.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert {row[-1] for row in rows[1:]} == {EXACT_NOTICE}
    steering = _rows(staff_client.get("/reports/2026-q2/figures.csv?as=steering"))
    assert {row[-1] for row in steering[1:]} == {WHICH["steering"]}


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(monkeypatch, steering_client):
    def risky(period):
        report = sample_report(period)
        figure = report["sections"][0]["figures"][0]
        figure["label"] = '=HYPERLINK("http://evil.example")'
        figure["how"] = "@SUM(A1:A2)"
        report["sections"][0]["title"] = "+cmd"
        return report

    use_sample_report(monkeypatch, risky)
    rows = _rows(steering_client.get("/reports/2026-q2/figures.csv"))
    assert rows[1][0] == "'+cmd"
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][10] == "'@SUM(A1:A2)"
    # A negative mean is a plain number, not a formula: it stays a number a spreadsheet can add.
    wellbeing = next(r for r in rows if r[1] == "Average change in wellbeing score")
    assert wellbeing[3] == "-1.5"


def test_the_pack_csv_is_made_from_the_frozen_figures(monkeypatch, pack_url, steering_client):
    use_sample_report(monkeypatch, lambda period: changed_report(sample_report(period)))
    response = steering_client.get(pack_url + "figures.csv")
    assert 'filename="governance-pack-2026-q2-figures.csv"' in response["Content-Disposition"]
    rows = _rows(response)
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[1][3:6] == ["75.0%", "15", "20"]
    assert rows[1:] == [
        [csv_cell(cell, keep_signed_numbers=True) for cell in row]
        for row in figure_rows(sample_report("2026-q2"))
    ]
    live = _rows(steering_client.get("/reports/2026-q2/figures.csv"))
    assert live[1][3:6] == ["80.0%", "20", "25"]


# --- PDF ---------------------------------------------------------------------------------------


def test_the_pack_pdf_opens_and_holds_the_figures_and_headings(pack_url, steering_client):
    response = steering_client.get(pack_url + "pack.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="governance-pack-2026-q2.pdf"' == response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    reader = _pdf(response)
    text = _pdf_text(reader)
    assert "Governance pack: 2026/27 Q2 (July to September 2026)" in text
    assert "Published by Sam Staff, Involvement staff, on 26 November 2026 at 14:05" in text
    assert NARRATIVE in text
    for heading in (
        "Outcome 1: improved experience from being involved",
        "Outcome 2: services changed because of co-creation",
        "Activities by engagement level",
    ):
        assert heading in text
    assert "75.0%" in text
    assert "15 of 20" in text
    assert "40.0%" in text
    assert "Responses reporting improved confidence" in text
    assert reader.metadata.title == "Governance pack: 2026/27 Q2 (July to September 2026)"


def test_the_pack_pdf_is_tagged_for_screen_readers(pack_url, steering_client):
    reader = _pdf(steering_client.get(pack_url + "pack.pdf"))
    root = reader.trailer["/Root"]
    assert "/MarkInfo" in root
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    tags = set()

    def walk(node, depth=0):
        node = node.get_object()
        if depth > 50:
            return
        if isinstance(node, dict):
            if "/S" in node:
                tags.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if hasattr(kid, "get_object"):
                        walk(kid, depth + 1)
                    elif isinstance(kid, dict):
                        walk(kid, depth + 1)

    walk(root["/StructTreeRoot"])
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= tags


def test_the_pack_pdf_does_not_change_when_the_data_does(monkeypatch, pack_url, steering_client):
    use_sample_report(monkeypatch, lambda period: changed_report(sample_report(period)))
    text = _pdf_text(_pdf(steering_client.get(pack_url + "pack.pdf")))
    assert "15 of 20" in text
    assert "20 of 25" not in text


def test_the_pack_pdf_is_made_once_when_published_and_served_from_storage(
    monkeypatch, calls, staff_client, steering_client, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    from reporting.packs.models import GovernancePack
    from reporting.packs.services import pack_pdf_name
    from reporting.reports import exports

    digest = digest_on(staff_client.get(PUBLISH).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        pack_url = staff_client.post(
            PUBLISH, {"narrative": NARRATIVE, "confirm": "on", "digest": digest}
        ).url
    pack = GovernancePack.objects.get()
    assert default_storage.exists(pack_pdf_name(pack))  # the worker made it on publishing

    def not_again(pack):
        raise AssertionError("The PDF was made again")

    monkeypatch.setattr(exports, "pack_pdf", not_again)
    first = steering_client.get(pack_url + "pack.pdf")
    assert first.status_code == 200
    assert first.content == steering_client.get(pack_url + "pack.pdf").content
    assert first.content.startswith(b"%PDF")


# --- no personal data ----------------------------------------------------------------------------


def test_no_personal_data_in_any_export_or_pack_page(pack_url, steering_client):
    user_create_with_role(
        email="zanzibar.quixote@example.org", role=Role.COCREATOR, full_name="Zanzibar Quixote"
    )
    for url in (
        pack_url,
        "/reports/packs/",
        "/reports/2026-q2/figures.csv",
        pack_url + "figures.csv",
    ):
        text = steering_client.get(url).content.decode("utf-8-sig")
        assert "Zanzibar" not in text, url
        assert "zanzibar.quixote" not in text, url
    pdf = steering_client.get(pack_url + "pack.pdf")
    text = _pdf_text(_pdf(pdf))
    assert "Zanzibar" not in text
    assert b"Zanzibar" not in pdf.content
