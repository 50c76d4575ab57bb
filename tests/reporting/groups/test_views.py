"""The group pages: outsiders refused everywhere, the equality criterion only with the
permission (forged posts too), saved groups' current counts, the preview and its score, Send
pressed twice making one broadcast, and flat query counts on the list."""

import pytest
from django.core import mail

from community.models import Broadcast, CoCreatorStatus, Locality, Message
from reporting.groups import services
from reporting.groups.models import GroupChannel, GroupMessage, SavedGroup
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db


def medway():
    return Locality.objects.get(name="Medway")


def saved(name="Medway people", criteria=None):
    return SavedGroup.objects.create(name=name, criteria=criteria or {"localities": [medway().pk]})


def draft(group):
    return services.group_message_save(
        message=None,
        actor=None,
        criteria=group.criteria,
        saved_group=group,
        channel=GroupChannel.EMAIL,
        subject="Our news",
        body="We meet on Tuesday. Come and see us.",
        sms_body="",
    )


def urls(group, message):
    return [
        "/staff/groups/",
        "/staff/groups/new/",
        f"/staff/groups/{group.pk}/",
        f"/staff/groups/{group.pk}/edit/",
        f"/staff/groups/{group.pk}/delete/",
        f"/staff/groups/{group.pk}/by-hand/",
        f"/staff/groups/{group.pk}/message/",
        f"/staff/groups/messages/{message.pk}/",
        f"/staff/groups/messages/{message.pk}/edit/",
        f"/staff/groups/messages/{message.pk}/progress/",
    ]


# --- Outsiders -----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(anonymous):
    group = saved()
    for url in urls(group, draft(group)):
        for response in (anonymous.get(url), anonymous.post(url, {"confirm": "on"})):
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/"), url


def test_cocreators_and_steering_members_are_refused_everywhere(cocreator_client, steering_client):
    CoCreatorFactory(locality=medway())
    group = saved()
    message = draft(group)
    for client in (cocreator_client, steering_client):
        for url in urls(group, message):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"confirm": "on", "action": "save"}).status_code == 403, url
    assert SavedGroup.objects.filter(pk=group.pk).exists()
    assert not Broadcast.objects.exists() and not Message.objects.exists()


# --- Choosing and saving ----------------------------------------------------------------------


def test_show_counts_the_group_and_saves_nothing(staff_client):
    CoCreatorFactory(locality=medway())
    CoCreatorFactory(locality=medway(), status=CoCreatorStatus.LEFT)
    response = staff_client.post(
        "/staff/groups/new/", {"localities": [medway().pk], "action": "count"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="summary-total">2<' in page and 'id="summary-send">1<' in page
    assert 'id="summary-left">1<' in page
    assert not SavedGroup.objects.exists()


def test_an_empty_group_or_no_name_shows_the_error_summary(staff_client):
    response = staff_client.post("/staff/groups/new/", {"action": "save", "name": "All"})
    assert "There is a problem" in response.content.decode()
    response = staff_client.post(
        "/staff/groups/new/", {"action": "save", "localities": [medway().pk]}
    )
    assert "Enter a name for the group" in response.content.decode()
    assert not SavedGroup.objects.exists()


def test_saving_editing_and_deleting_a_group(staff_client, staff_member_with_mfa):
    response = staff_client.post(
        "/staff/groups/new/",
        {
            "action": "save",
            "name": "Medway carers",
            "localities": [medway().pk],
            "relationships": ["carer"],
        },
    )
    group = SavedGroup.objects.get()
    assert response.url == f"/staff/groups/{group.pk}/"
    assert group.criteria == {"localities": [medway().pk], "relationships": ["carer"]}
    assert group.created_by == staff_member_with_mfa
    page = staff_client.get(f"/staff/groups/{group.pk}/edit/").content.decode()
    assert 'value="Medway carers"' in page
    staff_client.post(
        f"/staff/groups/{group.pk}/edit/",
        {"action": "save", "name": "Medway", "localities": [medway().pk]},
    )
    group.refresh_from_db()
    assert group.name == "Medway" and group.criteria == {"localities": [medway().pk]}
    assert staff_client.get(f"/staff/groups/{group.pk}/delete/").status_code == 200
    assert SavedGroup.objects.exists()  # a GET deletes nothing
    staff_client.post(f"/staff/groups/{group.pk}/delete/")
    assert not SavedGroup.objects.exists()


def test_the_list_shows_each_groups_current_count(staff_client):
    group = saved()
    CoCreatorFactory(locality=medway())
    page = staff_client.get("/staff/groups/").content.decode()
    assert "Medway people" in page and ">1</td>" in page
    CoCreatorFactory.create_batch(2, locality=medway())
    page = staff_client.get("/staff/groups/").content.decode()
    assert ">3</td>" in page
    detail = staff_client.get(f"/staff/groups/{group.pk}/").content.decode()
    assert 'id="summary-0-total">3<' in detail


@pytest.mark.parametrize("groups", [2, 12])
def test_the_list_takes_the_same_queries_for_2_or_12_groups(
    staff_client, groups, django_assert_max_num_queries
):
    for n in range(groups):
        saved(f"Group {n}", {"localities": [medway().pk], "relationships": ["carer"]})
    GroupMessage.objects.bulk_create(GroupMessage(subject=f"M{n}") for n in range(groups))
    staff_client.get("/staff/groups/")
    with django_assert_max_num_queries(12):
        assert staff_client.get("/staff/groups/").status_code == 200


def test_the_by_hand_list(staff_client):
    group = saved()
    CoCreatorFactory(full_name="Post Person", locality=medway(), email="", prefers_post=True)
    CoCreatorFactory(full_name="Email Person", locality=medway())
    page = staff_client.get(f"/staff/groups/{group.pk}/by-hand/").content.decode()
    assert "Post Person" in page and "Email Person" not in page


# --- Equality ----------------------------------------------------------------------------------


def test_equality_fields_only_for_staff_with_the_permission(staff_client, equality_client):
    assert (
        "Equality monitoring answers" not in staff_client.get("/staff/groups/new/").content.decode()
    )
    assert (
        "Equality monitoring answers" in equality_client.get("/staff/groups/new/").content.decode()
    )


def test_a_forged_equality_post_is_refused(staff_client):
    for action in ("count", "save"):
        response = staff_client.post(
            "/staff/groups/new/", {"action": action, "name": "Women", "eq_sex": ["female"]}
        )
        assert response.status_code == 403
    group = saved()
    response = staff_client.post(
        f"/staff/groups/{group.pk}/edit/",
        {"action": "save", "name": "x", "localities": [medway().pk], "eq_sex": ["female"]},
    )
    assert response.status_code == 403
    group.refresh_from_db()
    assert "equality" not in group.criteria
    assert SavedGroup.objects.count() == 1


def test_equality_staff_can_choose_by_it(equality_client):
    CoCreatorFactory(full_name="Consented", answers={"sex": "female"})
    response = equality_client.post(
        "/staff/groups/new/", {"action": "save", "name": "Women", "eq_sex": ["female"]}
    )
    group = SavedGroup.objects.get()
    assert response.url == f"/staff/groups/{group.pk}/"
    assert group.criteria == {"equality": {"sex": ["female"]}}
    page = equality_client.get(f"/staff/groups/{group.pk}/").content.decode()
    assert 'id="summary-0-total">1<' in page


def test_groups_and_messages_chosen_by_equality_are_hidden_from_other_staff(
    staff_client, equality_client
):
    group = saved("Women", {"equality": {"sex": ["female"]}})
    message = draft(group)
    assert "Women" not in staff_client.get("/staff/groups/").content.decode()
    assert "Women" in equality_client.get("/staff/groups/").content.decode()
    for url in urls(group, message)[2:]:
        assert staff_client.get(url).status_code == 404, url
        # Pages that take no POST answer 405 before looking anything up.
        assert staff_client.post(url, {"confirm": "on"}).status_code in (404, 405), url
    assert SavedGroup.objects.exists() and not Broadcast.objects.exists()
    assert equality_client.get(f"/staff/groups/{group.pk}/").status_code == 200


# --- Writing, previewing, sending ------------------------------------------------------------------


def test_writing_a_message_then_the_preview_and_its_score(staff_client):
    group = saved()
    CoCreatorFactory(locality=medway())
    response = staff_client.post(
        f"/staff/groups/{group.pk}/message/",
        {
            "channel": "both",
            "subject": "Tea & talk",
            "body": "Come to tea.\nIt is on Friday.\n\n<script>x</script>",
            "sms_body": "Come to tea on Friday.",
        },
    )
    message = GroupMessage.objects.get()
    assert response.url == f"/staff/groups/messages/{message.pk}/"
    assert message.saved_group == group and message.criteria == group.criteria
    page = staff_client.get(response.url).content.decode()
    assert 'id="readability-email"' in page and 'id="readability-text-message"' in page
    assert "Meets the aim" in page
    assert "Come to tea.<br>It is on Friday." in page
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "Come to tea on Friday." in page
    assert 'id="summary-send">1<' in page


def test_a_message_without_its_text_is_refused(staff_client):
    group = saved()
    response = staff_client.post(
        f"/staff/groups/{group.pk}/message/", {"channel": "sms", "sms_body": ""}
    )
    assert "Enter the text message" in response.content.decode()
    assert not GroupMessage.objects.exists()


def test_send_needs_the_confirmation(staff_client):
    group = saved()
    message = draft(group)
    response = staff_client.post(f"/staff/groups/messages/{message.pk}/", {})
    assert "Confirm that you want to send this message now" in response.content.decode()
    assert not Broadcast.objects.exists()


def test_pressing_send_twice_makes_one_broadcast_and_one_message_each(
    staff_client, django_capture_on_commit_callbacks
):
    people = CoCreatorFactory.create_batch(3, locality=medway())
    group = saved()
    message = draft(group)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(f"/staff/groups/messages/{message.pk}/", {"confirm": "on"})
        assert response.url == f"/staff/groups/messages/{message.pk}/progress/"
    assert Broadcast.objects.count() == 1
    assert Message.objects.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    page = staff_client.get(response.url).content.decode()
    assert 'id="progress-sent">3<' in page and "Finished" in page
    # A sent message cannot be changed.
    assert staff_client.get(f"/staff/groups/messages/{message.pk}/edit/").status_code == 302


def test_the_series_and_partner_pickers_search_without_saving(staff_client):
    from activities.models import ActivitySeries
    from community.models import PartnerKind, PartnerOrganisation

    ActivitySeries.objects.create(title="Carers' Tuesday sessions", frequency="weekly")
    PartnerOrganisation.objects.create(name="Hop Garden Carers", kind=PartnerKind.VOLUNTARY)
    response = staff_client.post(
        "/staff/groups/new/",
        {"action": "save", "name": "x", "series__q": "tuesday", "series__search": ""},
    )
    page = response.content.decode()
    assert "Carers&#x27; Tuesday sessions" in page and "There is a problem" not in page
    assert not SavedGroup.objects.exists()
    found = staff_client.get("/staff/search/group-partners/?q=hop").json()
    assert [row["label"] for row in found["results"]] == ["Hop Garden Carers"]
