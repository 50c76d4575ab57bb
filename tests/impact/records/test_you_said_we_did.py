"""The public "You said, we did" page: published records only, newest first, no names."""

import datetime

from django.urls import reverse
from django.utils import timezone

from impact.models import ImpactStatus
from tests.community.factories import CoCreatorFactory
from tests.impact.factories import ImpactRecordFactory

from .conftest import service_area

URL = reverse("impact:you-said-we-did")


def _when(y, m, d):
    return datetime.datetime(y, m, d, 12, tzinfo=timezone.get_current_timezone())


def test_an_unpublished_record_never_appears(db, anonymous):
    ImpactRecordFactory(title="Draft idea", you_said="Secret draft words")
    ImpactRecordFactory(title="Checked idea", you_said="Checked words", status=ImpactStatus.CHECKED)
    ImpactRecordFactory(title="Out in the open", status=ImpactStatus.PUBLISHED)
    for params in ({}, {"year": ""}, {"service_area": ""}):
        page = anonymous.get(URL, params).content.decode()
        assert "Out in the open" in page
        assert "Draft idea" not in page and "Secret draft words" not in page
        assert "Checked idea" not in page and "Checked words" not in page


def test_records_show_newest_first_with_you_said_we_did_and_we_could_not(db, anonymous):
    ImpactRecordFactory(
        title="Older change", status=ImpactStatus.PUBLISHED, published_at=_when(2025, 5, 1)
    )
    ImpactRecordFactory(
        title="Newer change",
        status=ImpactStatus.PUBLISHED,
        published_at=_when(2025, 9, 1),
        we_did="",
        we_could_not="The building has no more rooms.",
    )
    page = anonymous.get(URL).content.decode()
    assert page.index("Newer change") < page.index("Older change")
    assert "We couldn't, because" in page
    assert "The building has no more rooms." in page
    assert "You said" in page and "We did" in page


def test_no_contributor_names_are_shown(db, anonymous):
    record = ImpactRecordFactory(title="Named inside", status=ImpactStatus.PUBLISHED)
    record.contributors.set([CoCreatorFactory(full_name="Zelda Zebedee")])
    page = anonymous.get(URL).content.decode()
    assert "Named inside" in page
    assert "Zelda" not in page and "zelda@example.org" not in page


def test_filter_by_service_area(db, anonymous):
    wards = service_area("Acute wards")
    ImpactRecordFactory(title="On the wards", status=ImpactStatus.PUBLISHED, service_area=wards)
    ImpactRecordFactory(title="In the community", status=ImpactStatus.PUBLISHED)
    page = anonymous.get(URL, {"service_area": wards.pk}).content.decode()
    assert "On the wards" in page and "In the community" not in page


def test_filter_by_nhs_financial_year(db, anonymous):
    ImpactRecordFactory(
        title="Last day of 2024/25", status=ImpactStatus.PUBLISHED, published_at=_when(2025, 3, 31)
    )
    ImpactRecordFactory(
        title="First day of 2025/26", status=ImpactStatus.PUBLISHED, published_at=_when(2025, 4, 1)
    )
    page = anonymous.get(URL, {"year": "2025"}).content.decode()
    assert "First day of 2025/26" in page and "Last day of 2024/25" not in page
    page = anonymous.get(URL, {"year": "2024"}).content.decode()
    assert "Last day of 2024/25" in page and "First day of 2025/26" not in page


def test_a_year_not_offered_is_explained(db, anonymous):
    ImpactRecordFactory(title="Anything", status=ImpactStatus.PUBLISHED)
    page = anonymous.get(URL, {"year": "1999"}).content.decode()
    assert "Choose a year from the list" in page
    assert "Anything" not in page


def test_the_page_takes_the_same_number_of_queries_however_many_records(
    db, anonymous, django_assert_max_num_queries
):
    def fill(n):
        for i in range(n):
            ImpactRecordFactory(
                title=f"Change {i}",
                status=ImpactStatus.PUBLISHED,
                service_area=service_area(f"Area {i % 3}"),
            )

    fill(2)
    with django_assert_max_num_queries(20) as few:
        anonymous.get(URL)
    bound = len(few.captured_queries)
    fill(60)
    with django_assert_max_num_queries(bound):
        response = anonymous.get(URL)
    assert response.context["page_obj"].paginator.num_pages == 2


def test_the_footer_links_to_the_page(db, anonymous):
    assert f'href="{URL}"' in anonymous.get(reverse("home")).content.decode()
