"""A co-creator changes their own details and choices; bad input writes nothing and says why."""

import pytest

from community.models import AccessNeed, AuditAction, AuditEvent, CoCreator, Interest, Locality
from community.services import cocreator_for_user_ensure, cocreator_update
from tests.frontend.test_pages import assert_csp_safe, assert_nhsuk_layout


def _profile(person, **changes):
    """A complete profile form for `person`, as the page would send it, with some changes."""
    data = {
        "full_name": person.full_name,
        "preferred_name": person.preferred_name,
        "pronouns": person.pronouns,
        "phone": person.phone,
        "address": person.address,
        "postcode": person.postcode,
        "locality": person.locality_id or "",
        "relationships": [r.kind for r in person.relationships.all()],
        "service_areas": [i.pk for i in person.interests.filter(kind="service_area")],
        "topics": [i.pk for i in person.interests.filter(kind="topic")],
        "availability": [],
        "access_needs": [a.kind for a in person.access_needs.all()],
        "interpreter_language": person.interpreter_language,
        "access_needs_other": person.access_needs_other,
    }
    data.update(changes)
    return data


def _snapshot(person):
    person = CoCreator.objects.get(pk=person.pk)
    return (
        {f.attname: getattr(person, f.attname) for f in CoCreator._meta.concrete_fields},
        sorted(person.relationships.values_list("kind", flat=True)),
        sorted(person.access_needs.values_list("kind", flat=True)),
        sorted(person.interests.values_list("pk", flat=True)),
        AuditEvent.objects.filter(cocreator_id=person.pk).count(),
    )


# --- Profile -----------------------------------------------------------------------------------


def test_the_profile_page_shows_my_details_and_not_staff_fields(cocreator_client, me):
    html = cocreator_client.get("/portal/profile/").content.decode()
    assert_nhsuk_layout(html)
    assert_csp_safe(html)
    assert 'value="Casey Cocreator"' in html
    assert 'href="/portal/"' in html and "nhsuk-back-link" in html
    assert 'href="/accounts/email/"' in html
    for staff_only in ('name="staff_note"', 'name="status"', 'name="date_joined"', 'name="email"'):
        assert staff_only not in html


def test_a_cocreator_changes_their_own_details(cocreator_client, me):
    topic = Interest.objects.filter(kind="topic").first()
    response = cocreator_client.post(
        "/portal/profile/",
        _profile(
            me,
            preferred_name="  Cass  ",
            pronouns="they/them",
            phone="+44 7700 900982",
            postcode="me14 2bb",
            locality=Locality.objects.get(name="Dover").pk,
            relationships=["carer", "family"],
            topics=[topic.pk],
            availability=["evenings", "online"],
            access_needs=["interpreter"],
            interpreter_language="Polish",
            access_needs_other="left over from before",
        ),
    )
    assert response.status_code == 302 and response.url == "/portal/"
    me.refresh_from_db()
    assert me.preferred_name == "Cass"
    assert me.pronouns == "they/them"
    assert me.phone == "07700900982"
    assert me.postcode == "ME14 2BB"
    assert me.locality.name == "Dover"
    assert me.available_evenings and me.available_online and not me.available_weekdays
    assert sorted(me.relationships.values_list("kind", flat=True)) == ["carer", "family"]
    assert list(me.access_needs.values_list("kind", flat=True)) == ["interpreter"]
    assert me.interpreter_language == "Polish"
    assert me.access_needs_other == ""  # "Other" was unticked, so its description goes too
    assert topic in me.interests.all()
    event = AuditEvent.objects.filter(cocreator_id=me.pk, action=AuditAction.CHANGE).first()
    assert event.actor == me.user
    assert "phone" in event.fields and "07700900982" not in str(event.fields)
    home = cocreator_client.get("/portal/").content.decode()
    assert "Your details have been saved." in home
    assert "Hello, Cass" in home


def test_saving_the_profile_keeps_the_record_email_in_step_with_the_login(cocreator_client, me):
    user = me.user
    user.email = "new.address@example.org"
    user.save()
    cocreator_client.post("/portal/profile/", _profile(me))
    me.refresh_from_db()
    assert me.email == "new.address@example.org"


def test_saving_without_changes_says_so_and_audits_nothing(cocreator_client, me):
    before = _snapshot(me)
    response = cocreator_client.post("/portal/profile/", _profile(me), follow=True)
    assert "Nothing was changed." in response.content.decode()
    assert _snapshot(me) == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": "   "}, "full_name", "Enter your full name"),
        ({"full_name": "x" * 201}, "full_name", "Full name must be 200 characters or fewer"),
        ({"phone": "call me maybe"}, "phone", "Enter a UK phone number using numbers only"),
        ({"phone": "0123"}, "phone", "Enter a UK phone number with 10 or 11 digits"),
        ({"postcode": "X" * 11}, "postcode", "Postcode must be 10 characters or fewer"),
        ({"locality": "99999"}, "locality", "Choose an area from the list"),
        ({"relationships": ["astronaut"]}, "relationships", "Choose from the options given"),
        (
            {"access_needs": ["interpreter"], "interpreter_language": ""},
            "interpreter_language",
            "Enter the language you need an interpreter for",
        ),
        (
            {"access_needs": ["other"], "access_needs_other": " "},
            "access_needs_other",
            "Tell us about the other help you need",
        ),
        (
            {"phone": ""},
            "phone",
            "You asked us to contact you by text message, so we need this",
        ),
    ],
    ids=[
        "no-name",
        "long-name",
        "phone-letters",
        "phone-short",
        "long-postcode",
        "unknown-area",
        "unknown-relationship",
        "interpreter-without-language",
        "other-without-description",
        "removing-the-phone-text-messages-need",
    ],
)
def test_bad_profile_input_writes_nothing_and_names_the_problem(
    cocreator_client, me, changes, field, message
):
    before = _snapshot(me)
    response = cocreator_client.post("/portal/profile/", _profile(me, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert message in html
    assert response.context["form"].errors[field]
    assert "<title>Error: " in html
    assert _snapshot(me) == before


# --- Preferences -------------------------------------------------------------------------------


def test_a_cocreator_chooses_how_we_contact_them_and_the_newsletter(cocreator_client, me):
    response = cocreator_client.post(
        "/portal/preferences/",
        {"channels": ["email", "phone", "post"], "newsletter": "yes"},
    )
    assert response.status_code == 302 and response.url == "/portal/"
    me.refresh_from_db()
    assert (me.prefers_email, me.prefers_sms, me.prefers_phone, me.prefers_post) == (
        True,
        False,
        True,
        True,
    )
    assert me.newsletter == "yes"
    home = cocreator_client.get("/portal/").content.decode()
    assert "Your choices have been saved." in home
    assert "Yes, you get the newsletter" in home


def test_choosing_no_way_to_contact_is_allowed(cocreator_client, me):
    cocreator_client.post("/portal/preferences/", {"newsletter": "no"})
    me.refresh_from_db()
    assert not (me.prefers_email or me.prefers_sms or me.prefers_phone or me.prefers_post)


@pytest.fixture
def bare(cocreator):
    """A co-creator with only an email address: no phone, no postal address."""
    return cocreator_for_user_ensure(user=cocreator)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"channels": ["sms"], "newsletter": "no"},
            "channels",
            "To get text messages, add a phone number to your details first",
        ),
        (
            {"channels": ["phone"], "newsletter": "no"},
            "channels",
            "To get phone calls, add a phone number to your details first",
        ),
        (
            {"channels": ["post"], "newsletter": "no"},
            "channels",
            "To get letters, add your postal address to your details first",
        ),
        (
            {"channels": [], "newsletter": "yes"},
            "newsletter",
            "We send the newsletter by email",
        ),
        ({"channels": ["pigeon"], "newsletter": "no"}, "channels", "Choose from the options"),
        ({"channels": ["email"]}, "newsletter", "Choose whether you would like our newsletter"),
    ],
    ids=["sms", "phone", "post", "newsletter-without-email", "unknown", "no-newsletter-answer"],
)
def test_a_channel_needs_its_contact_detail(cocreator_client, bare, data, field, message):
    before = _snapshot(bare)
    response = cocreator_client.post("/portal/preferences/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert response.context["form"].errors[field]
    assert "nhsuk-error-summary" in html
    # The way to fix it is one click away.
    assert 'href="/portal/profile/"' in html
    assert _snapshot(bare) == before


def test_the_preferences_page_shows_my_contact_details_only(cocreator_client, me, them):
    html = cocreator_client.get("/portal/preferences/").content.decode()
    assert_nhsuk_layout(html)
    assert me.phone in html and them.phone not in html
    assert "nhsuk-back-link" in html


def test_a_staff_change_elsewhere_is_not_undone_by_the_preferences_page(cocreator_client, me):
    """The preferences form only sends channels and newsletter: other fields stay as they are."""
    cocreator_update(actor=None, cocreator=me, access_needs=[AccessNeed.BSL])
    cocreator_client.post("/portal/preferences/", {"channels": ["email"], "newsletter": "no"})
    assert list(me.access_needs.values_list("kind", flat=True)) == [AccessNeed.BSL]
