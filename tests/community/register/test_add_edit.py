"""Staff add people to the register and change their records; bad input writes nothing."""

import pytest

from community.models import AuditAction, AuditEvent, CoCreator

ADD = "/staff/community/add/"


def form_data(**overrides):
    data = {
        "full_name": "Dee Dover",
        "status": "active",
        "newsletter": "no",
        "date_joined_day": "1",
        "date_joined_month": "4",
        "date_joined_year": "2025",
    }
    data.update(overrides)
    return data


def test_staff_add_a_person_with_only_a_name(staff_client, staff_member_with_mfa):
    response = staff_client.post(ADD, form_data())
    person = CoCreator.objects.get(full_name="Dee Dover")
    assert response.status_code == 302
    assert response.url == f"/staff/community/{person.pk}/"
    created = AuditEvent.objects.get(action=AuditAction.CREATE, cocreator_id=person.pk)
    assert created.actor == staff_member_with_mfa


def test_staff_add_a_person_with_everything(staff_client, maidstone, research):
    response = staff_client.post(
        ADD,
        form_data(
            preferred_name="Dee",
            pronouns="she/her",
            date_of_birth_day="15",
            date_of_birth_month="Mar",
            date_of_birth_year="1984",
            email="Dee@Example.org",
            phone="+44 (0)7700 900 555",
            address="2 Low Road",
            postcode="me14 1aa",
            locality=maidstone.pk,
            relationships=["carer", "family"],
            interests=[research.pk],
            availability=["weekdays", "online"],
            access_needs=["interpreter", "other"],
            interpreter_language="Polish",
            access_needs_other="Needs breaks",
            channels=["email", "sms", "post"],
            heard_from="friend",
            staff_note="Met at the Maidstone event",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    person = CoCreator.objects.get(full_name="Dee Dover")
    assert person.email == "dee@example.org"
    assert person.phone == "07700900555"
    assert person.postcode == "ME14 1AA"
    assert str(person.date_of_birth) == "1984-03-15"
    assert person.locality == maidstone
    assert set(person.relationships.values_list("kind", flat=True)) == {"carer", "family"}
    assert list(person.interests.all()) == [research]
    assert person.available_weekdays and person.available_online
    assert not person.available_evenings
    assert set(person.access_needs.values_list("kind", flat=True)) == {"interpreter", "other"}
    assert person.prefers_email and person.prefers_sms and person.prefers_post
    assert not person.prefers_phone


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"full_name": "   "}, "full_name", "Enter the person's full name"),
        (
            {"email": "not-an-email"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"phone": "call me"}, "phone", "Enter a UK phone number using numbers only"),
        ({"phone": "0770090"}, "phone", "Enter a UK phone number with 10 or 11 digits"),
        ({"phone": "+33 1 23 45 67 89"}, "phone", "International numbers must start with +44"),
        (
            {"access_needs": ["interpreter"]},
            "interpreter_language",
            "Enter the language the person needs an interpreter for",
        ),
        ({"access_needs": ["other"]}, "access_needs_other", "Describe the other access need"),
        (
            {"channels": ["email"]},
            "email",
            "Enter an email address, because email is chosen as a way to contact them",
        ),
        (
            {"channels": ["sms"]},
            "phone",
            "Enter a phone number, because text message is chosen as a way to contact them",
        ),
        (
            {"channels": ["phone"]},
            "phone",
            "Enter a phone number, because phone call is chosen as a way to contact them",
        ),
        (
            {"channels": ["post"]},
            "address",
            "Enter a postal address, because post is chosen as a way to contact them",
        ),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "1990"},
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        (
            {"date_of_birth_day": "1", "date_of_birth_month": "1", "date_of_birth_year": "2999"},
            "date_of_birth",
            "Date of birth must be in the past",
        ),
        ({"status": "asleep"}, "status", "Select a valid choice"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_bad_input_writes_nothing_and_names_the_error(staff_client, overrides, field, message):
    response = staff_client.post(ADD, form_data(**overrides))
    assert response.status_code == 200
    assert not CoCreator.objects.exists()
    assert not AuditEvent.objects.exists()
    errors = response.context["form"].errors
    assert field in errors
    assert any(message in e for e in errors[field]), errors[field]
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert f'href="#id_{field}' in html
    assert "<title>Error: " in html


def test_several_errors_are_all_named_at_once(staff_client):
    response = staff_client.post(
        ADD, form_data(full_name="", email="x@", channels=["phone"], access_needs=["other"])
    )
    errors = response.context["form"].errors
    assert set(errors) == {"full_name", "email", "phone", "access_needs_other"}
    assert not CoCreator.objects.exists()


# --- Duplicates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "matched_on"),
    [
        ({"email": "ALEX@example.org"}, "same email address"),
        ({"phone": "07700 900 123"}, "same phone number"),
        (
            {
                "full_name": "alex ashdown",
                "date_of_birth_day": "2",
                "date_of_birth_month": "2",
                "date_of_birth_year": "1990",
            },
            "same name and date of birth",
        ),
    ],
    ids=["email", "phone", "name and date of birth"],
)
def test_a_likely_duplicate_is_warned_about_with_a_link(staff_client, alex, overrides, matched_on):
    from community.services import cocreator_update

    cocreator_update(
        actor=None, cocreator=alex, date_of_birth=__import__("datetime").date(1990, 2, 2)
    )
    response = staff_client.post(ADD, form_data(**overrides))
    assert response.status_code == 200
    assert CoCreator.objects.count() == 1
    html = response.content.decode()
    assert "This may be someone already in the register" in html
    assert f'href="/staff/community/{alex.pk}/"' in html
    assert matched_on in html
    assert 'name="different_person"' in html and 'type="checkbox"' in html


def test_the_same_name_with_another_date_of_birth_is_not_a_duplicate(staff_client, alex):
    response = staff_client.post(ADD, form_data(full_name="Alex Ashdown"))
    assert response.status_code == 302
    assert CoCreator.objects.filter(full_name="Alex Ashdown").count() == 2


def test_ticking_this_is_a_different_person_adds_them(staff_client, alex):
    response = staff_client.post(ADD, form_data(email="alex@example.org", different_person="on"))
    assert response.status_code == 302
    assert CoCreator.objects.filter(email="alex@example.org").count() == 2


def test_without_a_match_there_is_no_different_person_tick_box(staff_client, db):
    html = staff_client.get(ADD).content.decode()
    assert "This is a different person" not in html


# --- Editing -------------------------------------------------------------------------------------


def edit_url(person):
    return f"/staff/community/{person.pk}/edit/"


def test_the_edit_form_starts_with_the_record(staff_client, alex, research):
    response = staff_client.get(edit_url(alex))
    form = response.context["form"]
    assert form["full_name"].value() == "Alex Ashdown"
    assert form["relationships"].value() == ["carer"]
    assert form["availability"].value() == ["evenings"]
    assert form["channels"].value() == ["email"]
    assert [int(v) for v in form["interests"].value()] == [research.pk]
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, cocreator_id=alex.pk).exists()


def test_an_edit_audits_the_names_of_the_fields_changed_and_never_their_values(
    staff_client, staff_member_with_mfa, alex, maidstone, research
):
    response = staff_client.post(
        edit_url(alex),
        form_data(
            full_name="Alex Ashdown",
            preferred_name="Lex",
            email="alex@example.org",
            phone="07700 900 999",
            locality=maidstone.pk,
            relationships=["carer", "staff"],
            interests=[research.pk],
            availability=["evenings"],
            access_needs=["large_print"],
            channels=["email"],
            staff_note="Secret-ish note",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    alex.refresh_from_db()
    assert alex.phone == "07700900999"
    change = AuditEvent.objects.get(action=AuditAction.CHANGE, cocreator_id=alex.pk)
    assert change.actor == staff_member_with_mfa
    assert change.fields == ["date_joined", "phone", "relationships", "staff_note"]
    stored = repr(AuditEvent.objects.filter(pk=change.pk).values().get())
    for value in ("07700900999", "07700 900 999", "Secret-ish note", "staff'"):
        assert value not in stored


def test_an_edit_that_changes_nothing_audits_no_change(staff_client, alex):
    form = staff_client.get(edit_url(alex)).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name in ("date_of_birth", "date_joined"):
            if value:
                data.update(
                    {
                        f"{name}_day": value.day,
                        f"{name}_month": value.month,
                        f"{name}_year": value.year,
                    }
                )
        elif isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value not in (None, ""):
            data[name] = value
    response = staff_client.post(edit_url(alex), data)
    assert response.status_code == 302, response.context["form"].errors
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE, cocreator_id=alex.pk).exists()


def test_a_bad_edit_changes_nothing(staff_client, alex):
    response = staff_client.post(edit_url(alex), form_data(full_name="", phone="12"))
    assert response.status_code == 200
    alex.refresh_from_db()
    assert alex.full_name == "Alex Ashdown"
    assert alex.phone == "07700900123"
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE).exists()


def test_editing_does_not_warn_about_duplicates(staff_client, alex, bo):
    response = staff_client.post(
        edit_url(bo), form_data(full_name="Bo Bramley", email="alex@example.org")
    )
    assert response.status_code == 302
