"""Equality monitoring in the portal: asked only with consent, every answer optional."""

import pytest

from community.forms.equality import DemographicsForm
from community.models import (
    AuditAction,
    AuditEvent,
    Consent,
    Demographics,
    EthnicGroup,
)
from community.services import (
    EQUALITY_CONSENT_WORDING,
    cocreator_for_user_ensure,
    equality_consent_give,
)
from tests.frontend.test_pages import assert_csp_safe, assert_nhsuk_layout


@pytest.fixture
def person(cocreator):
    return cocreator_for_user_ensure(user=cocreator)


@pytest.fixture
def consented(person):
    equality_consent_give(cocreator=person, actor=person.user)
    return person


def test_the_questions_are_not_shown_before_consent(cocreator_client, person):
    response = cocreator_client.get("/portal/equality/")
    html = response.content.decode()
    assert_nhsuk_layout(html)
    assert_csp_safe(html)
    assert EQUALITY_CONSENT_WORDING.replace("'", "&#x27;") in html
    assert "You do not have to answer these questions" in html
    assert 'name="agree"' in html and "I agree" in html
    for question in DemographicsForm.Meta.fields:
        assert f'name="{question}"' not in html


def test_the_explanation_names_every_topic_the_questions_cover(cocreator_client, person):
    html = cocreator_client.get("/portal/equality/").content.decode()
    for topic in (
        "age",
        "sex",
        "gender",
        "sexual orientation",
        "ethnic group",
        "religion or belief",
        "disability",
        "carer",
        "civil partnership",
        "pregnant",
        "first language",
    ):
        assert topic in html


def test_answers_sent_without_consent_are_not_kept(cocreator_client, person):
    response = cocreator_client.post("/portal/equality/", {"sex": "female"})
    assert response.status_code == 200
    assert "Tick &#x27;I agree&#x27; if you want to answer the questions" in (
        response.content.decode()
    )
    assert not Demographics.objects.exists()
    assert not Consent.objects.exists()


def test_agreeing_records_consent_with_wording_and_version_then_shows_the_questions(
    cocreator_client, person, settings
):
    response = cocreator_client.post("/portal/equality/", {"agree": "on"})
    assert response.status_code == 302 and response.url == "/portal/equality/"
    consent = Consent.objects.get(cocreator=person)
    assert consent.wording == EQUALITY_CONSENT_WORDING
    assert consent.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    assert consent.recorded_by == person.user
    html = cocreator_client.get("/portal/equality/").content.decode()
    assert 'name="sex"' in html and 'name="agree"' not in html
    assert_nhsuk_layout(html)


def test_answers_are_kept_with_consent(cocreator_client, consented):
    response = cocreator_client.post(
        "/portal/equality/",
        {
            "year_of_birth": "1980",
            "sex": "female",
            "religion": "buddhist",
            "first_language": "other",
            "first_language_other": "Nepali",
        },
    )
    assert response.status_code == 302 and response.url == "/portal/"
    answers = Demographics.objects.get(cocreator=consented)
    assert (answers.year_of_birth, answers.sex, answers.religion) == (1980, "female", "buddhist")
    assert answers.first_language_other == "Nepali"
    assert answers.age_band  # decided by the year of birth
    event = AuditEvent.objects.filter(cocreator_id=consented.pk, action=AuditAction.CHANGE).get()
    assert "demographics.sex" in event.fields and "female" not in str(event.fields)
    home = cocreator_client.get("/portal/").content.decode()
    assert "You have answered some or all of the questions" in home


def test_prefer_not_to_say_is_accepted_for_every_question(cocreator_client, consented):
    form = DemographicsForm()
    data = {}
    for name, field in form.fields.items():
        choices = [str(value) for value, label in getattr(field, "choices", []) if value != ""]
        labels = {str(label) for _, label in getattr(field, "choices", [])}
        if name == "ethnic_group":
            data[name] = str(EthnicGroup.objects.get(nhs_code="Z").pk)
        elif choices:
            assert "Prefer not to say" in labels, f"{name} has no 'Prefer not to say'"
            data[name] = "prefer_not"
    assert set(data) >= {"sex", "religion", "disability", "sexual_orientation", "ethnic_group"}
    response = cocreator_client.post("/portal/equality/", data)
    assert response.status_code == 302, response.context["form"].errors
    answers = Demographics.objects.get(cocreator=consented)
    for name, value in data.items():
        if name == "ethnic_group":
            assert answers.ethnic_group.label == "Prefer not to say"
        else:
            assert getattr(answers, name) == value


def test_every_question_is_optional(cocreator_client, consented):
    response = cocreator_client.post("/portal/equality/", {})
    assert response.status_code == 302


def test_a_bad_answer_writes_nothing_and_says_why(cocreator_client, consented):
    response = cocreator_client.post("/portal/equality/", {"sex": "female", "year_of_birth": "80s"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Year of birth must be a number" in html
    assert not Demographics.objects.filter(cocreator=consented).exists()


def test_the_questions_page_shows_my_earlier_answers(cocreator_client, consented):
    cocreator_client.post("/portal/equality/", {"religion": "sikh"})
    html = cocreator_client.get("/portal/equality/").content.decode()
    assert 'value="sikh" checked' in html


def test_withdrawing_asks_first_then_deletes_the_answers(cocreator_client, consented):
    cocreator_client.post("/portal/equality/", {"sex": "male"})
    page = cocreator_client.get("/portal/equality/withdraw/")
    html = page.content.decode()
    assert_nhsuk_layout(html)
    assert "we delete all your equality monitoring answers" in html
    assert Demographics.objects.filter(cocreator=consented).exists()  # a GET changes nothing

    response = cocreator_client.post("/portal/equality/withdraw/", follow=True)
    assert "We have deleted your equality monitoring answers" in response.content.decode()
    assert not Demographics.objects.filter(cocreator=consented).exists()
    assert not Consent.objects.active().filter(cocreator=consented).exists()
    assert Consent.objects.filter(cocreator=consented, withdrawn_at__isnull=False).exists()
    # And the questions are not asked again without consent.
    again = cocreator_client.get("/portal/equality/").content.decode()
    assert 'name="sex"' not in again and 'name="agree"' in again


def test_the_withdraw_page_without_consent_goes_to_the_explanation(cocreator_client, person):
    response = cocreator_client.get("/portal/equality/withdraw/")
    assert response.status_code == 302 and response.url == "/portal/equality/"


def test_the_home_page_says_whether_consent_is_given(cocreator_client, person):
    assert "You have not agreed to answer the questions" in (
        cocreator_client.get("/portal/").content.decode()
    )
    equality_consent_give(cocreator=person, actor=person.user)
    html = cocreator_client.get("/portal/").content.decode()
    assert "You agreed on" in html
    assert 'href="/portal/equality/withdraw/"' in html


def test_pressing_i_agree_twice_keeps_one_consent_and_no_empty_answers(cocreator_client, person):
    cocreator_client.post("/portal/equality/", {"agree": "on"})
    response = cocreator_client.post("/portal/equality/", {"agree": "on"})
    assert response.status_code == 302 and response.url == "/portal/equality/"
    assert Consent.objects.filter(cocreator=person).count() == 1
    assert not Demographics.objects.filter(cocreator=person).exists()
