"""Staff read words, not the app's own names: people who left, the newsletter, field labels."""

from importlib import import_module

from django.apps import apps

from community.audit import audit_record
from community.models import LEFT_NAME, AuditAction, CoCreator, CoCreatorStatus, NewsletterChoice
from community.services import cocreator_erase, cocreator_for_user_ensure, cocreator_update
from tests.community.factories import CoCreatorFactory, UserFactory


def test_someone_who_left_is_a_person_who_left_on_every_staff_page(
    staff_client, staff_member_with_mfa
):
    login = UserFactory(full_name="Robin Leaver", email="robin@example.org")
    person = cocreator_for_user_ensure(user=login)
    audit_record(actor=login, action=AuditAction.CHANGE, cocreator_id=person.pk, fields=["phone"])
    cocreator_erase(cocreator=person, actor=staff_member_with_mfa)
    login.refresh_from_db()
    person.refresh_from_db()

    assert person.full_name == LEFT_NAME == str(person)
    # The login keeps a unique placeholder address, but is never shown by it.
    assert login.email.endswith("@invalid.example")
    assert login.get_full_name() == login.get_short_name() == str(login) == "Person who left"

    pages = [
        "/staff/audit/",
        f"/staff/audit/?record={person.pk}",
        f"/staff/community/?status={CoCreatorStatus.LEFT}",
        f"/staff/community/{person.pk}/",
    ]
    for url in pages:
        html = staff_client.get(url).content.decode()
        for placeholder in ("invalid.example", "erased-", "Former co-creator", "Robin"):
            assert placeholder not in html, (url, placeholder)
    register = staff_client.get(f"/staff/community/?status={CoCreatorStatus.LEFT}")
    assert "Person who left" in register.content.decode()
    audit = staff_client.get("/staff/audit/").content.decode()
    assert f'">Person who left</a> ({person.pk})' in audit


def test_a_login_that_is_simply_switched_off_keeps_its_name(db):
    login = UserFactory(full_name="Sam Paused", email="sam@example.org")
    login.is_active = False
    assert login.get_full_name() == "Sam Paused"


def test_people_who_left_before_are_renamed_by_the_migration(db):
    old = CoCreatorFactory(full_name="placeholder", status=CoCreatorStatus.LEFT)
    CoCreator.objects.filter(pk=old.pk).update(full_name=f"Former co-creator {old.pk}")
    someone = CoCreatorFactory(full_name="Former co-creator fan club")
    migration = import_module("community.migrations.0010_people_who_left_and_newsletter_words")
    migration.name_people_who_left(apps, None)
    old.refresh_from_db()
    someone.refresh_from_db()
    assert old.full_name == "Person who left"
    assert someone.full_name == "Former co-creator fan club"  # not someone who left


def test_the_staff_record_says_whether_they_get_the_newsletter(staff_client, alex):
    html = staff_client.get(f"/staff/community/{alex.pk}/").content.decode()
    assert "Does not get the newsletter" in html
    cocreator_update(actor=None, cocreator=alex, newsletter=NewsletterChoice.YES)
    html = staff_client.get(f"/staff/community/{alex.pk}/").content.decode()
    assert "Gets the newsletter" in html
    assert "send me the newsletter" not in html


def test_the_newsletter_choice_says_how_often_it_comes(cocreator_client, cocreator):
    cocreator_for_user_ensure(user=cocreator)
    html = cocreator_client.get("/portal/preferences/").content.decode()
    assert "Yes, send me the newsletter every 3 months" in html
