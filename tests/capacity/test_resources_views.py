"""The resource pack's pages: the public and portal libraries, a resource and its downloads,
and the staff pages that keep resources, their versions and history."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from capacity.models import (
    JargonTerm,
    Resource,
    ResourceAudience,
    ResourceKind,
    ResourceRevision,
)
from capacity.resources.services import resource_add, resource_storage_name
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"0" * 200


def make(slug="curiosity-toolkit", *, published=True, audience=ResourceAudience.PUBLIC, **extra):
    values = {
        "title": slug.replace("-", " ").capitalize(),
        "slug": slug,
        "kind": ResourceKind.TOOLKIT,
        "summary": "A summary.",
        "body": "",
        "audience": audience,
        "is_published": published,
        "actor": None,
    }
    return resource_add(**(values | extra))


def form_data(resource=None, **changes):
    data = {
        "title": resource.title if resource else "Inclusive communication guide",
        "slug": resource.slug if resource else "",
        "kind": resource.kind if resource else ResourceKind.GUIDE,
        "summary": resource.summary if resource else "How to write so everyone can take part.",
        "body": resource.body if resource else "",
        "audience": resource.audience if resource else ResourceAudience.PUBLIC,
        "is_published": "on" if (resource is None or resource.is_published) else "",
        "what_changed": "",
    }
    return {k: v for k, v in (data | changes).items() if v != ""}


# --- the public library --------------------------------------------------------------------------


def test_the_library_lists_published_public_resources_only(anonymous):
    make("curiosity-toolkit")
    make("draft-guide", published=False)
    make("getting-paid", audience=ResourceAudience.PORTAL)
    page = anonymous.get("/resources/")
    assert page.status_code == 200
    assert b"Curiosity toolkit" in page.content
    assert b"Draft guide" not in page.content
    assert b"Getting paid" not in page.content


def test_the_library_filters_by_kind_with_a_plain_get_form(anonymous):
    make("curiosity-toolkit")
    make("a-guide", kind=ResourceKind.GUIDE)
    page = anonymous.get("/resources/", {"kind": "guide"})
    assert b'method="get"' in page.content
    assert b"A guide" in page.content
    assert b"Curiosity toolkit" not in page.content
    # A kind that is not one shows everything rather than failing.
    assert b"Curiosity toolkit" in anonymous.get("/resources/", {"kind": "nonsense"}).content


def test_the_library_queries_do_not_grow_with_rows(anonymous, django_assert_max_num_queries):
    for n in range(3):
        make(f"resource-{n}")
    with django_assert_max_num_queries(4) as first:
        anonymous.get("/resources/")
    for n in range(3, 12):
        make(f"resource-{n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        anonymous.get("/resources/")


def test_a_resource_page_shows_version_summary_and_paragraphs(anonymous):
    resource = make("guide", summary="Short <b>summary</b>.", body="First para.\n\nSecond para.")
    page = anonymous.get(f"/resources/{resource.slug}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Version 1, updated" in text
    assert "Short &lt;b&gt;summary&lt;/b&gt;." in text
    assert "<p>First para.</p>" in text and "<p>Second para.</p>" in text


def test_an_unpublished_resource_is_404(anonymous, staff_client):
    resource = make("draft-guide", published=False)
    assert anonymous.get(f"/resources/{resource.slug}/").status_code == 404
    assert staff_client.get(f"/resources/{resource.slug}/").status_code == 404


def test_a_portal_only_resource_is_not_public(anonymous):
    resource = make("getting-paid", audience=ResourceAudience.PORTAL)
    assert anonymous.get(f"/resources/{resource.slug}/").status_code == 404
    answer = anonymous.get(f"/portal/resources/{resource.slug}/")
    assert answer.status_code == 302 and answer.url.startswith("/accounts/login/")


def test_a_cocreator_sees_public_and_portal_only_resources_in_the_portal(cocreator_client):
    make("curiosity-toolkit")
    make("getting-paid", audience=ResourceAudience.PORTAL)
    page = cocreator_client.get("/portal/resources/")
    assert b"Curiosity toolkit" in page.content
    assert b"Getting paid" in page.content
    assert b"Co-creators only" in page.content
    assert cocreator_client.get("/portal/resources/getting-paid/").status_code == 200
    assert cocreator_client.get("/portal/resources/curiosity-toolkit/").status_code == 200


def test_the_portal_home_links_to_the_resource_pack(cocreator_client, cocreator):
    CoCreatorFactory(user=cocreator, email=cocreator.email)
    page = cocreator_client.get("/portal/")
    assert b"The Co-Creation Resource Pack" in page.content


def test_portal_pages_refuse_staff_and_steering(staff_client, steering_client):
    make("getting-paid", audience=ResourceAudience.PORTAL)
    for client in (staff_client, steering_client):
        assert client.get("/portal/resources/").status_code == 403
        assert client.get("/portal/resources/getting-paid/").status_code == 403


# --- downloads -----------------------------------------------------------------------------------


def _with_file(resource, field="file", content=PDF):
    name = default_storage.save(resource_storage_name("pdf"), ContentFile(content))
    setattr(resource, field, name)
    resource.save()
    return resource


def test_downloads_say_their_format_and_size_and_come_as_attachments(anonymous):
    resource = _with_file(_with_file(make("guide")), "easy_read")
    page = anonymous.get("/resources/guide/")
    text = page.content.decode()
    assert "Easy-read version: Guide" in text
    assert "PDF, 209" in text  # 209 bytes
    assert "Large-print" not in text
    answer = anonymous.get("/resources/guide/download/easy-read/")
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment")
    assert "guide-easy-read.pdf" in answer["Content-Disposition"]
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert b"".join(answer.streaming_content) == PDF
    assert anonymous.get("/resources/guide/download/large-print/").status_code == 404
    assert anonymous.get("/resources/guide/download/other/").status_code == 404
    assert resource.file.name.startswith("resources/")


def test_downloads_of_hidden_resources_are_refused(anonymous, cocreator_client):
    _with_file(make("draft", published=False))
    _with_file(make("portal-only", audience=ResourceAudience.PORTAL))
    assert anonymous.get("/resources/draft/download/file/").status_code == 404
    assert anonymous.get("/resources/portal-only/download/file/").status_code == 404
    assert cocreator_client.get("/portal/resources/draft/download/file/").status_code == 404
    assert cocreator_client.get("/portal/resources/portal-only/download/file/").status_code == 200


# --- staff pages ---------------------------------------------------------------------------------

STAFF_URLS = (
    "/staff/resources/",
    "/staff/resources/add/",
    "/staff/resources/{pk}/edit/",
    "/staff/resources/{pk}/download/file/",
    "/staff/jargon/",
    "/staff/jargon/add/",
    "/staff/jargon/{term}/edit/",
)


def test_staff_pages_refuse_cocreators_and_steering_and_ask_others_to_sign_in(
    cocreator, steering_member
):
    resource = _with_file(make("guide"))
    term = JargonTerm.objects.create(term="ICS", meaning="A partnership.")
    for pattern in STAFF_URLS:
        url = pattern.format(pk=resource.pk, term=term.pk)
        answer = Client().get(url)
        assert answer.status_code == 302 and answer.url.startswith("/accounts/login/"), url
        for user in (cocreator, steering_member):
            assert client_for(user).get(url).status_code == 403, url
            assert client_for(user).post(url, {}).status_code == 403, url


def test_staff_see_drafts_and_published(staff_client, django_assert_max_num_queries):
    make("published-one")
    make("draft-one", published=False)
    page = staff_client.get("/staff/resources/")
    assert b"Published one" in page.content and b"Draft one" in page.content
    for n in range(10):
        make(f"more-{n}")
    with django_assert_max_num_queries(12):
        staff_client.get("/staff/resources/")


def test_staff_add_a_resource_with_its_address_made_from_the_title(staff_client, staff_member):
    upload = SimpleUploadedFile("guide.pdf", PDF, content_type="application/pdf")
    answer = staff_client.post("/staff/resources/add/", form_data() | {"file": upload})
    assert answer.status_code == 302
    resource = Resource.objects.get()
    assert resource.slug == "inclusive-communication-guide"
    assert resource.version == "1" and resource.is_published
    assert resource.updated_by == staff_member
    assert resource.file.name.startswith("resources/") and resource.file.name.endswith(".pdf")
    revision = resource.revisions.get()
    assert (revision.version, revision.what_changed) == ("1", "First published.")


def test_a_bad_upload_is_refused_and_nothing_is_written(staff_client):
    before = set(default_storage.listdir("")[0])
    fake = SimpleUploadedFile(
        "guide.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )
    page = staff_client.post("/staff/resources/add/", form_data() | {"easy_read": fake})
    assert page.status_code == 200
    assert "This file is not a PDF" in page.content.decode()
    assert page.content.decode().count("nhsuk-error-summary") >= 1
    assert not Resource.objects.exists()
    assert not ResourceRevision.objects.exists()
    assert set(default_storage.listdir("")[0]) == before


def test_a_spreadsheet_is_refused(staff_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    sheet = SimpleUploadedFile("pack.xlsx", buffer.getvalue())
    page = staff_client.post("/staff/resources/add/", form_data() | {"file": sheet})
    assert "This is a spreadsheet" in page.content.decode()
    assert not Resource.objects.exists()


def test_a_changed_published_resource_needs_what_changed(staff_client):
    resource = make("guide")
    url = f"/staff/resources/{resource.pk}/edit/"
    page = staff_client.post(url, form_data(resource, summary="A new summary."))
    assert page.status_code == 200
    assert "Say what changed" in page.content.decode()
    resource.refresh_from_db()
    assert resource.summary == "A summary." and resource.version == "1"


def test_a_changed_published_resource_goes_up_a_version_and_keeps_history(
    staff_client, staff_member, anonymous
):
    resource = make("guide")
    url = f"/staff/resources/{resource.pk}/edit/"
    answer = staff_client.post(
        url, form_data(resource, summary="A new summary.", what_changed="Shorter summary.")
    )
    assert answer.status_code == 302
    resource.refresh_from_db()
    assert resource.version == "2" and resource.summary == "A new summary."
    assert list(resource.revisions.values_list("version", "what_changed")) == [
        ("2", "Shorter summary."),
        ("1", "First published."),
    ]
    assert resource.revisions.first().changed_by == staff_member
    staff_page = staff_client.get(url).content.decode()
    assert "Shorter summary." in staff_page and "Sam Staff" in staff_page
    public = anonymous.get("/resources/guide/").content.decode()
    assert "Version 2, updated" in public and "Shorter summary." in public


def test_saving_without_a_change_keeps_the_version(staff_client):
    resource = make("guide")
    staff_client.post(f"/staff/resources/{resource.pk}/edit/", form_data(resource))
    resource.refresh_from_db()
    assert resource.version == "1" and resource.revisions.count() == 1


def test_a_draft_changes_freely_and_publishing_records_version_one(staff_client):
    resource = make("guide", published=False)
    url = f"/staff/resources/{resource.pk}/edit/"
    staff_client.post(url, form_data(resource, summary="Draft two."))
    resource.refresh_from_db()
    assert resource.version == "1" and not resource.revisions.exists()
    staff_client.post(url, form_data(resource, is_published="on"))
    resource.refresh_from_db()
    assert resource.is_published and resource.revisions.get().version == "1"


def test_a_replaced_file_makes_a_new_version_and_the_old_file_goes(
    staff_client, django_capture_on_commit_callbacks
):
    resource = _with_file(make("guide"))
    old = resource.file.name
    url = f"/staff/resources/{resource.pk}/edit/"
    upload = SimpleUploadedFile("new.pdf", PDF + b"new")
    assert staff_client.post(url, form_data(resource) | {"file": upload}).status_code == 200
    upload.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff_client.post(
            url, form_data(resource, what_changed="New file.") | {"file": upload}
        )
    assert answer.status_code == 302
    resource.refresh_from_db()
    assert resource.version == "2" and resource.file.name != old
    assert not default_storage.exists(old)
    assert default_storage.exists(resource.file.name)


def test_two_resources_cannot_share_an_address(staff_client):
    make("guide")
    page = staff_client.post("/staff/resources/add/", form_data(slug="guide"))
    assert page.status_code == 200
    assert "already has this web address" in page.content.decode()
    assert Resource.objects.count() == 1
