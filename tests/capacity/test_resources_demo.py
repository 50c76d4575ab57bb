"""The demo's resource pack: resources with versions and history, and jargon terms; running it
twice adds nothing."""

import pytest

from capacity.models import JargonTerm, Resource, ResourceAudience, ResourceRevision
from capacity.resources.demo import demo_build

pytestmark = pytest.mark.django_db


def test_the_demo_builds_once(django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        made = demo_build()
    assert made["resources"] >= 8 and made["terms"] >= 25
    assert Resource.objects.filter(audience=ResourceAudience.PORTAL, is_published=True).exists()
    assert Resource.objects.filter(is_published=False).exists()
    guide = Resource.objects.get(slug="best-practice-guide")
    assert guide.version == "3"
    assert list(guide.revisions.values_list("version", flat=True)) == ["3", "2", "1"]
    assert demo_build() == {"resources": 0, "terms": 0}
    assert ResourceRevision.objects.filter(resource__is_published=False).count() == 0
    assert JargonTerm.objects.filter(term="ICB").exists()


def test_demo_pages_open(anonymous, cocreator_client):
    demo_build()
    assert anonymous.get("/resources/").status_code == 200
    page = anonymous.get("/resources/inclusive-communication/").content.decode()
    assert "#term-icb" in page and "#term-cmht" in page
    assert anonymous.get("/jargon/", {"q": "care"}).status_code == 200
    assert (
        cocreator_client.get("/portal/resources/getting-paid-for-involvement/").status_code == 200
    )
