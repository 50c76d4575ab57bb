"""Messages to chosen groups (staff only): choose people, see who a message would reach and who
not and why, save the group, write one message, preview it, send it and watch it go.

Choosing people by equality monitoring answers is only for staff with the equality-data
permission: others never see those fields, a form sent with them is refused (403), and groups
or messages chosen by them are not found (404)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from cocreation.lib.email import render_email, render_text_message
from cocreation.lib.forms import add_service_errors
from cocreation.lib.pagination import paginate
from community.messaging.channels import preferences_url
from community.permissions import staff_required

from ..newsletters.readability import AIM, flesch_reading_ease
from . import selectors, services
from .forms import GroupForm, MessageForm, SendForm, group_initial, sent_equality
from .models import GroupChannel

SENT = "This message has been sent, so it cannot be changed."


def _refuse_forged_equality(request) -> None:
    """Equality criteria only with the permission: a form sent with them by anyone else (the
    page never showed them the fields) is refused outright, nothing saved or counted."""
    data = request.POST if request.method == "POST" else request.GET
    if sent_equality(data) and not selectors.may_choose_by_equality(request.user):
        raise PermissionDenied("Only staff with the equality-data permission can do this.")


@staff_required
@require_http_methods(["GET"])
def group_list(request):
    context = paginate(request, selectors.saved_groups_for(request.user))
    groups = list(context["page_obj"].object_list)
    counts = selectors.saved_group_counts(groups)
    context["rows"] = [(group, counts[group.pk]) for group in groups]
    context["recent"] = list(selectors.group_messages_for(request.user)[:10])
    return render(request, "reporting/groups/group_list.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def group_add(request):
    return _group_form(request, None)


@staff_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    return _group_form(request, selectors.saved_group_get(request.user, pk))


def _group_form(request, group):
    _refuse_forged_equality(request)
    equality = selectors.may_choose_by_equality(request.user)
    summary = None
    if request.method == "POST":
        form = GroupForm(request.POST, equality=equality)
        if form.is_valid():
            criteria = form.criteria()
            if not criteria:
                form.add_error(None, services.EMPTY)
            elif request.POST.get("action") == "save":
                try:
                    group = services.saved_group_save(
                        group=group,
                        actor=request.user,
                        name=form.cleaned_data["name"],
                        criteria=criteria,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, f"Group '{group.name}' saved.")
                    return redirect("reporting:group-detail", pk=group.pk)
            else:
                summary = selectors.group_summary(criteria)
    else:
        initial = {"name": group.name, **group_initial(group.criteria)} if group else {}
        form = GroupForm(initial=initial, equality=equality)
    return render(
        request,
        "reporting/groups/group_form.html",
        {
            "group": group,
            "form": form,
            "summary": summary,
            "equality_fields": [form[n] for n in form.fields if n.startswith("eq_")],
            "has_errors": not form.picker_searching and bool(form.errors),
        },
    )


@staff_required
@require_http_methods(["GET"])
def group_detail(request, pk):
    group = selectors.saved_group_get(request.user, pk)
    summaries = [
        (label, f"summary-{n}", selectors.group_summary(group.criteria, value))
        for n, (value, label) in enumerate(GroupChannel.choices)
    ]
    return render(
        request,
        "reporting/groups/group_detail.html",
        {
            "group": group,
            "words": selectors.criteria_words(group.criteria),
            "summaries": summaries,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def group_delete(request, pk):
    group = selectors.saved_group_get(request.user, pk)
    in_use: list[str] = []
    if request.method == "POST":
        try:
            services.saved_group_delete(group=group, actor=request.user)
        except services.GroupInUse as refused:
            in_use = refused.users
        else:
            messages.success(
                request, f"Group '{group.name}' deleted. Messages sent to it are kept."
            )
            return redirect("reporting:groups")
    return render(
        request,
        "reporting/groups/group_delete.html",
        {"group": group, "in_use": in_use},
        status=409 if in_use else 200,
    )


@staff_required
@require_http_methods(["GET"])
def group_by_hand(request, pk):
    group = selectors.saved_group_get(request.user, pk)
    channel = request.GET.get("channel")
    if channel not in GroupChannel.values:
        channel = GroupChannel.BOTH
    context = paginate(request, selectors.group_by_hand(group.criteria, channel))
    context.update({"group": group, "channel_label": GroupChannel(channel).label})
    return render(request, "reporting/groups/group_by_hand.html", context)


# --- Messages ----------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def group_message_add(request, pk):
    group = selectors.saved_group_get(request.user, pk)
    return _message_form(request, group=group, message=None)


@staff_required
@require_http_methods(["GET", "POST"])
def group_message_edit(request, pk):
    message = selectors.group_message_get(request.user, pk)
    if message.is_sent:
        messages.error(request, SENT)
        return redirect("reporting:group-message-detail", pk=message.pk)
    return _message_form(request, group=message.saved_group, message=message)


def _message_form(request, *, group, message):
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                message = services.group_message_save(
                    message=message,
                    actor=request.user,
                    criteria=message.criteria if message else group.criteria,
                    saved_group=group,
                    channel=data["channel"],
                    subject=data["subject"],
                    body=data["body"],
                    sms_body=data["sms_body"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Message saved. Check the preview before you send it.")
                return redirect("reporting:group-message-detail", pk=message.pk)
    else:
        initial = {}
        if message is not None:
            initial = {
                "channel": message.channel,
                "subject": message.subject,
                "body": message.body,
                "sms_body": message.sms_body,
            }
        form = MessageForm(initial=initial)
    return render(
        request,
        "reporting/groups/message_form.html",
        {"group": group, "message": message, "form": form, "has_errors": bool(form.errors)},
    )


def _preview(message) -> dict:
    """The message as a person would get it, with stand-ins for their name and links."""
    context = {
        **services.message_context(message),
        "cocreator": {"display_name": "[their name]"},
        "unsubscribe_url": "#unsubscribe-link",
        "preferences_url": preferences_url(),
        "preview": True,
    }
    preview = {}
    if message.channel != GroupChannel.SMS:
        subject, text, html = render_email(services.TEMPLATE, context)
        # The HTML is our template's, with what staff wrote escaped in it; the plain text is
        # not HTML, so it is escaped here to show as text (see the newsletter's preview).
        preview.update(subject=subject, text=escape(text), html=mark_safe(html))  # noqa: S308
    if message.channel != GroupChannel.EMAIL:
        preview["sms"] = render_text_message(services.TEMPLATE, context)
    return preview


@staff_required
@require_http_methods(["GET", "POST"])
def group_message_detail(request, pk):
    message = selectors.group_message_get(request.user, pk)
    form = SendForm()
    if request.method == "POST":
        if message.is_sent:
            return redirect("reporting:group-message-progress", pk=message.pk)
        form = SendForm(request.POST)
        if form.is_valid():
            try:
                services.group_message_send(message=message, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The message is being sent.")
                return redirect("reporting:group-message-progress", pk=message.pk)
    readability = {
        "email": flesch_reading_ease(message.body) if message.body else None,
        "sms": flesch_reading_ease(message.sms_body) if message.sms_body else None,
    }
    return render(
        request,
        "reporting/groups/message_detail.html",
        {
            "message": message,
            "words": selectors.criteria_words(message.criteria),
            "summary": None
            if message.is_sent
            else selectors.group_summary(message.criteria, message.channel),
            "preview": _preview(message),
            "readability": readability,
            "aim": AIM,
            "form": form,
            "has_errors": bool(form.errors),
        },
    )


@staff_required
@require_http_methods(["GET"])
def group_message_progress(request, pk):
    message = selectors.group_message_get(request.user, pk)
    progress = selectors.group_message_progress(message)
    return render(
        request,
        "reporting/groups/message_progress.html",
        {
            "message": message,
            "progress": progress,
            "refresh": progress is not None and not progress["finished"],
        },
    )
