"""Staff with the equality data permission record answers for a person who agreed to give them."""

import pytest

from community.forms.equality import ConsentForm, DemographicsForm
from community.models import (
    AuditAction,
    AuditEvent,
    Consent,
    ConsentPurpose,
    Demographics,
    EthnicGroup,
)
from community.services import (
    EQUALITY_CONSENT_WORDING,
    demographics_save,
    equality_consent_give,
    has_equality_consent,
)
from tests.conftest import client_for


@pytest.fixture
def equality_client(equality_staff):
    return client_for(equality_staff)


def url(person, tail=""):
    return f"/staff/community/{person.pk}/equality/{tail}"


def test_staff_without_the_permission_are_refused(staff_client, alex):
    assert staff_client.get(url(alex)).status_code == 403
    assert staff_client.post(url(alex), {"agree": "on"}).status_code == 403
    assert staff_client.get(url(alex, "withdraw/")).status_code == 403
    assert staff_client.post(url(alex, "withdraw/")).status_code == 403
    assert not has_equality_consent(alex)


def test_first_the_consent_wording_is_shown(equality_client, alex):
    response = equality_client.get(url(alex))
    html = response.content.decode()
    assert EQUALITY_CONSENT_WORDING.split(".")[0] in html
    assert "The person has agreed to this" in html
    assert isinstance(response.context["form"], ConsentForm)


def test_consent_is_not_recorded_without_the_tick(equality_client, alex):
    response = equality_client.post(url(alex), {})
    assert response.status_code == 200
    assert "Tick the box to show the person has agreed" in response.content.decode()
    assert not Consent.objects.exists()


def test_the_tick_records_consent_with_who_recorded_it(equality_client, equality_staff, alex):
    response = equality_client.post(url(alex), {"agree": "on"})
    assert response.status_code == 302 and response.url == url(alex)
    consent = Consent.objects.get(cocreator=alex)
    assert consent.purpose == ConsentPurpose.EQUALITY_MONITORING
    assert consent.recorded_by == equality_staff
    assert consent.wording == EQUALITY_CONSENT_WORDING


def test_after_consent_every_question_is_asked_with_prefer_not_to_say(equality_client, alex):
    equality_consent_give(cocreator=alex, actor=None)
    response = equality_client.get(url(alex))
    form = response.context["form"]
    assert isinstance(form, DemographicsForm)
    html = response.content.decode()
    for name in DemographicsForm.RADIO_FIELDS:
        values = [value for value, _ in form.fields[name].choices]
        assert "prefer_not" in values, name
        assert f'name="{name}" value="prefer_not"' in html, name
    prefer_not_group = EthnicGroup.objects.get(nhs_code="Z")
    assert f'<option value="{prefer_not_group.pk}">Prefer not to say</option>' in html
    assert '<optgroup label="Asian, Asian British or Asian Welsh">' in html


def test_answers_are_saved_and_audited_by_name(equality_client, equality_staff, alex):
    equality_consent_give(cocreator=alex, actor=None)
    irish = EthnicGroup.objects.get(label="White: Irish")
    response = equality_client.post(
        url(alex),
        {
            "year_of_birth": "1980",
            "sex": "prefer_not",
            "religion": "none",
            "ethnic_group": irish.pk,
            "first_language": "other",
            "first_language_other": "Welsh",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    answers = Demographics.objects.get(cocreator=alex)
    assert answers.year_of_birth == 1980
    assert answers.age_band  # decided by the year of birth
    assert answers.sex == "prefer_not"
    assert answers.ethnic_group == irish
    assert answers.first_language_other == "Welsh"
    assert answers.disability == ""  # not answered
    change = AuditEvent.objects.get(action=AuditAction.CHANGE, cocreator_id=alex.pk)
    assert change.actor == equality_staff
    assert "demographics.religion" in change.fields
    assert "none" not in repr(AuditEvent.objects.filter(pk=change.pk).values().get())


def test_the_form_shows_the_answers_already_given(equality_client, alex):
    equality_consent_give(cocreator=alex, actor=None)
    demographics_save(cocreator=alex, actor=None, religion="sikh")
    response = equality_client.get(url(alex))
    assert response.context["form"]["religion"].value() == "sikh"
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, cocreator_id=alex.pk, fields=["demographics"]
    ).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year_of_birth": "nineteen"}, "year_of_birth", "Year of birth must be a number"),
        ({"year_of_birth": "1700"}, "year_of_birth", "Year of birth must be between"),
        ({"sex": "robot"}, "sex", "Choose one of the answers given"),
        ({"ethnic_group": "99999"}, "ethnic_group", "Choose an ethnic group from the list"),
    ],
)
def test_bad_answers_save_nothing(equality_client, alex, data, field, message):
    equality_consent_give(cocreator=alex, actor=None)
    response = equality_client.post(url(alex), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Demographics.objects.exists()


def test_the_withdraw_page_asks_first(equality_client, alex):
    equality_consent_give(cocreator=alex, actor=None)
    html = equality_client.get(url(alex, "withdraw/")).content.decode()
    assert "Withdraw consent and delete answers" in html
    assert has_equality_consent(alex)


def test_withdrawing_consent_deletes_the_answers(equality_client, alex):
    equality_consent_give(cocreator=alex, actor=None)
    demographics_save(cocreator=alex, actor=None, religion="sikh")
    response = equality_client.post(url(alex, "withdraw/"))
    assert response.status_code == 302
    assert not has_equality_consent(alex)
    assert not Demographics.objects.filter(cocreator=alex).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.CONSENT_WITHDRAWN, cocreator_id=alex.pk
    ).exists()


def test_a_get_of_the_withdraw_page_changes_nothing(equality_client, alex):
    equality_consent_give(cocreator=alex, actor=None)
    equality_client.get(url(alex, "withdraw/"))
    assert has_equality_consent(alex)


def test_the_consent_form_can_speak_to_the_person_themself():
    form = ConsentForm({}, agree_label="I agree", error="Tick the box if you agree")
    assert not form.is_valid()
    assert form.errors["agree"] == ["Tick the box if you agree"]
    assert form.fields["agree"].label == "I agree"
    assert ConsentForm.wording == EQUALITY_CONSENT_WORDING


def test_the_demographics_form_answers_fit_the_save_service(alex):
    equality_consent_give(cocreator=alex, actor=None)
    form = DemographicsForm({"carer": "yes", "first_language": "english"})
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["year_of_birth"] is None and answers["ethnic_group"] is None
    saved = demographics_save(cocreator=alex, actor=None, **answers)
    assert saved.carer == "yes"
    assert saved.first_language_other == ""
