"""Staff invite a person to the portal: a login without a password, and one email about it."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail

from community.models import AuditAction, AuditEvent, Message, Role, User
from community.permissions import has_role
from community.services import cocreator_update, user_create_with_role
from community.tasks import deliver_batch


def invite(client, person):
    return client.post(f"/staff/community/{person.pk}/invite/", follow=True)


def test_inviting_creates_a_login_and_sends_one_email(
    staff_client, staff_member_with_mfa, alex, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(staff_client, alex)
    assert "now has a portal login" in response.content.decode()
    alex.refresh_from_db()
    user = alex.user
    assert user.email == "alex@example.org"
    assert has_role(user, Role.COCREATOR)
    assert not user.has_usable_password()
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["alex@example.org"]
    assert f"{settings.SITE_URL}/accounts/login/code/" in email.body
    assert "code" in email.subject.lower() or "invited" in email.subject.lower()
    assert "password" in email.body  # it says they do not need one
    assert Message.objects.get(key=f"invite:{alex.pk}").status == "sent"
    change = AuditEvent.objects.get(action=AuditAction.CHANGE, cocreator_id=alex.pk)
    assert change.fields == ["user"] and change.actor == staff_member_with_mfa


def test_the_invitation_is_sent_once_even_when_the_task_runs_twice(
    staff_client, alex, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(staff_client, alex)
    ids = [Message.objects.get(key=f"invite:{alex.pk}").pk]
    deliver_batch.apply(kwargs={"message_ids": ids}).get()
    deliver_batch.apply(kwargs={"message_ids": ids}).get()
    assert len(mail.outbox) == 1


def test_a_person_without_an_email_address_cannot_be_invited(staff_client, bo):
    cocreator_update(actor=None, cocreator=bo, email="")
    html = invite(staff_client, bo).content.decode()
    assert "has no email address" in html
    bo.refresh_from_db()
    assert bo.user is None
    assert not User.objects.filter(email="bo@example.org").exists()


def test_a_person_who_has_not_chosen_email_is_not_invited(staff_client, bo):
    html = invite(staff_client, bo).content.decode()
    assert "has not chosen email as a way to hear from us" in html
    bo.refresh_from_db()
    assert bo.user is None


def test_a_person_who_already_has_a_login_is_not_invited_again(
    staff_client, alex, cocreator, django_capture_on_commit_callbacks
):
    alex.user = cocreator
    alex.save()
    with django_capture_on_commit_callbacks(execute=True):
        html = invite(staff_client, alex).content.decode()
    assert "already has a portal login" in html
    assert len(mail.outbox) == 0


def test_an_email_address_that_belongs_to_another_account_is_refused(staff_client, alex):
    user_create_with_role(email="ALEX@example.org", role=Role.STEERING)
    html = invite(staff_client, alex).content.decode()
    assert "already belongs to another account" in html
    alex.refresh_from_db()
    assert alex.user is None
    assert User.objects.filter(email__iexact="alex@example.org").count() == 1


def test_the_invite_button_only_answers_a_post(staff_client, alex):
    assert staff_client.get(f"/staff/community/{alex.pk}/invite/").status_code == 405
    alex.refresh_from_db()
    assert alex.user is None
