"""Locked governance packs: staff publish one per period; steering members read, print and
download them. A pack's pages and files are made from its frozen content only."""

from django.contrib import messages
from django.shortcuts import redirect, render

from cocreation.lib.pdf import pdf_response
from community.models import Role
from community.permissions import has_role, staff_required, steering_required
from reporting.reports import exports, figures, summary
from reporting.reports.views import period_or_404

from . import selectors, services
from .forms import PackPublishForm


@staff_required
def pack_publish(request, slug):
    """Publish the period's governance pack: the report frozen with a narrative, signed.

    The page carries a fingerprint of the figures it shows; publishing freezes the report only
    if it still has that fingerprint, so nobody signs off figures they did not see.
    """
    period = period_or_404(slug)
    refusal = services.publish_refusal(period)
    if refusal:
        messages.error(request, refusal)
        return redirect("reporting:period", slug=period.slug)
    form = PackPublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pack = services.pack_publish(
                period=period,
                narrative=form.cleaned_data["narrative"],
                user=request.user,
                expected_digest=form.cleaned_data["digest"],
            )
        except services.FiguresChanged as changed:
            # Show the new figures to check, keeping the narrative; the box must be ticked again.
            messages.error(request, changed.message)
            form = PackPublishForm(initial={"narrative": form.cleaned_data["narrative"]})
        except services.PackRefused as refused:
            messages.error(request, refused.message)
            return redirect("reporting:period", slug=period.slug)
        else:
            messages.success(request, f"The governance pack for {period.label} is published.")
            return redirect("reporting:pack", pk=pack.pk)
    report = figures.report_for(period)
    if form.is_bound:
        # Shown again (with errors): the page carries the fingerprint of the figures it now shows.
        form.data = form.data.copy()
        form.data["digest"] = services.report_fingerprint(report)
    else:
        form.initial["digest"] = services.report_fingerprint(report)
    return render(
        request, "reporting/packs/publish.html", {"period": period, "form": form, "report": report}
    )


@steering_required
def pack_list(request):
    """Every published governance pack."""
    return render(request, "reporting/packs/list.html", {"packs": selectors.pack_list()})


@steering_required
def pack_detail(request, pk):
    """A governance pack as published, from its frozen content only."""
    pack = selectors.pack_get(pk)
    return render(
        request,
        "reporting/packs/detail.html",
        {
            "pack": pack,
            "report": selectors.pack_report(pack),
            "content": pack.content,
            "summary": summary.summary_of_pack(pack.content),
            "is_staff": has_role(request.user, Role.STAFF),
        },
    )


@steering_required
def pack_pdf(request, pk):
    """The pack as a tagged PDF."""
    pack = selectors.pack_get(pk)
    return pdf_response(
        services.pack_pdf_bytes(pack=pack), f"governance-pack-{pack.period_slug}.pdf"
    )


@steering_required
def pack_csv(request, pk):
    """Every figure in the pack, as CSV."""
    pack = selectors.pack_get(pk)
    return exports.figures_csv_response(
        selectors.pack_report(pack), f"governance-pack-{pack.period_slug}-figures.csv"
    )
