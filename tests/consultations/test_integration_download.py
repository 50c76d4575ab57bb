"""A person's "Download your data" holds what they did in consultations (their answers, ideas,
posts, supports, personal links and the name they chose), found by the download's own walk of
the relations, and nothing of anyone else's."""

import json

import pytest

from community.data_export import person_data, person_data_csv
from community.services import cocreator_for_user_ensure
from tests.consultations.integration_factories import took_part_in_every_way

pytestmark = pytest.mark.django_db


@pytest.fixture
def download(cocreator, staff_member):
    person = cocreator_for_user_ensure(user=cocreator)
    took = took_part_in_every_way(person, staff_member=staff_member, words="Casey")
    return took, person_data(person)


def test_the_download_holds_their_answers_ideas_posts_supports_and_name(download):
    took, data = download
    responses = data["consultations.Response"]
    assert len(responses) == 1
    assert responses[0]["consultation"] == took.consultation.title
    assert responses[0]["channel"] == "Signed in"
    contributions = data["consultations.Contribution"]
    assert {row["kind"] for row in contributions} == {"Idea", "Discussion post"}
    assert {row["body"] for row in contributions} == {"Casey-idea body", "Casey-post body"}
    assert [row["idea"] for row in data["consultations.Support"]] == ["Robin-idea: a callback"]
    assert [row["display_name"] for row in data["consultations.DiscussionName"]] == ["Casey-name"]
    assert len(data["consultations.LinkInvitation"]) == 1
    # The link's token answers as the person: it is never written out.
    assert all("token" not in row for row in data["consultations.LinkInvitation"])
    text = person_data_csv(data)
    assert "Casey-idea title" in text and "Casey-post body" in text


def test_the_download_holds_nobody_elses_words(download):
    _took, data = download
    text = json.dumps(data) + person_data_csv(data)
    for words in ("Robin-words", "Robin-idea body", "Robin-post", "Robin O.", "Robin Other"):
        assert words not in text, words


def test_the_download_holds_the_answers_themselves(download):
    _took, data = download
    answers = data.get("consultations.Answer", [])
    assert any(row.get("text") == "Casey-answer: evenings are lonely" for row in answers)
    assert any("Evenings" in str(row.get("choices")) for row in answers)


def test_the_download_holds_their_reports_in_their_own_words(download):
    _took, data = download
    reports = data["consultations.ContributionReport"]
    assert [row["reason"] for row in reports] == ["Casey-reason it is unkind"]
    # The post they reported is named, not quoted: its words are someone else's.
    assert reports[0]["contribution"].startswith("A discussion post (#")
