"""The newsletter: staff compose, preview, schedule or send an issue and watch it go out; the
public read past issues in the archive."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from cocreation.lib.email import render_email
from cocreation.lib.forms import add_service_errors
from cocreation.lib.pagination import paginate
from community.messaging.channels import preferences_url
from community.permissions import staff_required

from . import selectors, services
from .forms import NewsletterForm, ScheduleForm, SendNowForm, section_formset
from .readability import AIM

SENT_CANNOT_CHANGE = "This newsletter has been sent, so it cannot be changed."


@staff_required
@require_http_methods(["GET"])
def newsletter_list(request):
    context = paginate(request, selectors.newsletter_list())
    return render(request, "reporting/newsletters/newsletter_list.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def newsletter_add(request):
    return _compose(request, None)


@staff_required
@require_http_methods(["GET", "POST"])
def newsletter_edit(request, pk):
    issue = selectors.newsletter_get(pk)
    if not issue.is_editable:
        messages.error(request, SENT_CANNOT_CHANGE)
        return redirect("reporting:newsletter-detail", pk=issue.pk)
    return _compose(request, issue)


def _compose(request, issue):
    sections = list(issue.sections.all()) if issue else []
    chosen = [record.pk for record in issue.highlights.all()] if issue else []
    SectionFormSet = section_formset(filled=len(sections))
    if request.method == "POST":
        form = NewsletterForm(request.POST)
        formset = SectionFormSet(request.POST, prefix="sections")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                issue = services.newsletter_save(
                    issue=issue,
                    actor=request.user,
                    title=data["title"],
                    intro=data["intro"],
                    sections=formset.sections(),
                    highlights=data["highlights"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if "check" in request.POST:
                    messages.success(request, "Draft saved. How easy it is to read is shown below.")
                    edit = reverse("reporting:newsletter-edit", args=[issue.pk])
                    return redirect(f"{edit}#readability")
                messages.success(request, "Newsletter saved. Check the preview before you send it.")
                return redirect("reporting:newsletter-detail", pk=issue.pk)
    else:
        initial = {}
        if issue is not None:
            initial = {"title": issue.title, "intro": issue.intro, "highlights": chosen}
        form = NewsletterForm(initial=initial)
        formset = SectionFormSet(
            initial=[{"heading": s.heading, "body": s.body} for s in sections], prefix="sections"
        )
    return render(
        request,
        "reporting/newsletters/newsletter_form.html",
        {
            "issue": issue,
            "form": form,
            "formset": formset,
            # A picker's Search button shows the page again with the matches: no errors yet.
            "show_errors": not form.picker_searching,
            "has_errors": not form.picker_searching
            and (bool(form.errors) or bool(formset.total_error_count())),
            "readability": selectors.newsletter_readability(issue) if issue else None,
            "aim": AIM,
        },
    )


def _email_preview(content: dict) -> dict:
    """The email as a person would get it, with a stand-in for their name and links."""
    subject, text, html = render_email(
        services.TEMPLATE,
        {
            **content,
            "cocreator": {"display_name": "[their name]"},
            "unsubscribe_url": "#unsubscribe-link",
            "preferences_url": preferences_url(),
            "preview": True,
        },
    )
    # The email template escapes everything it is given, as every template does; the result is
    # our own markup, so it is placed in the page as it is.
    # The plain text is not HTML, and its template does not escape what staff wrote, yet Django
    # marks it safe (str(text) would keep that mark). Escape it, so the page shows it as text.
    return {"subject": subject, "text": escape(text), "html": mark_safe(html)}  # noqa: S308


@staff_required
@require_http_methods(["GET", "POST"])
def newsletter_detail(request, pk):
    issue = selectors.newsletter_get(pk)
    send_form = SendNowForm(prefix="send")
    schedule_form = ScheduleForm(prefix="schedule")
    if request.method == "POST":
        action = request.POST.get("action")
        if not issue.is_editable:
            messages.error(request, SENT_CANNOT_CHANGE)
            return redirect("reporting:newsletter-detail", pk=issue.pk)
        if action == "send":
            send_form = SendNowForm(request.POST, prefix="send")
            if send_form.is_valid():
                # Records the send and returns: the worker makes and sends the messages.
                services.newsletter_send(issue=issue, actor=request.user)
                messages.success(request, "The newsletter is being sent.")
                return redirect("reporting:newsletter-progress", pk=issue.pk)
        elif action == "schedule":
            schedule_form = ScheduleForm(request.POST, prefix="schedule")
            if schedule_form.is_valid():
                try:
                    issue = services.newsletter_schedule(
                        issue=issue, send_at=schedule_form.cleaned_data["send_at"]
                    )
                except ValidationError as error:
                    add_service_errors(schedule_form, error)
                else:
                    messages.success(request, "The newsletter is scheduled.")
                    return redirect("reporting:newsletter-detail", pk=issue.pk)
        elif action == "unschedule":
            services.newsletter_unschedule(issue=issue)
            messages.success(request, "The newsletter is no longer scheduled. It is a draft again.")
            return redirect("reporting:newsletter-detail", pk=issue.pk)
        else:
            messages.error(request, "Choose to send the newsletter now or at a set time.")
            return redirect("reporting:newsletter-detail", pk=issue.pk)
    content = selectors.newsletter_content(issue)
    return render(
        request,
        "reporting/newsletters/newsletter_detail.html",
        {
            "issue": issue,
            "content": content,
            "email": _email_preview(content),
            "readability": selectors.newsletter_readability(issue),
            "aim": AIM,
            "audience": selectors.newsletter_audience() if issue.is_editable else None,
            "progress": selectors.newsletter_progress(issue) if issue.is_preparing else None,
            "send_form": send_form,
            "schedule_form": schedule_form,
            "has_errors": bool(send_form.errors or schedule_form.errors),
        },
    )


@staff_required
@require_http_methods(["GET"])
def newsletter_progress(request, pk):
    issue = selectors.newsletter_get(pk)
    progress = selectors.newsletter_progress(issue)
    return render(
        request,
        "reporting/newsletters/newsletter_progress.html",
        {
            "issue": issue,
            "progress": progress,
            "refresh": progress is not None and not progress["finished"],
        },
    )


# --- The public archive ------------------------------------------------------------------------


@require_http_methods(["GET"])
def newsletter_archive(request):
    context = paginate(request, selectors.newsletter_archive())
    return render(request, "reporting/newsletters/archive_list.html", context)


@require_http_methods(["GET"])
def newsletter_issue(request, pk):
    issue = selectors.newsletter_public_get(pk)
    return render(
        request,
        "reporting/newsletters/archive_issue.html",
        {"issue": issue, "content": selectors.newsletter_content(issue)},
    )
