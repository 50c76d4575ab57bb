"""Locked governance packs: staff publish one per period; steering members read, print and
download them. A pack's pages and files are made from its frozen content only."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from community.permissions import staff_required, steering_required
from reporting import exports, figures, packs
from reporting.forms_packs import PackPublishForm
from reporting.views.reports import period_or_404


@staff_required
def pack_publish(request, slug):
    """Publish the period's governance pack: the report frozen with a narrative, signed."""
    period = period_or_404(slug)
    today = timezone.localdate()
    refusal = ""
    if period.end > today:
        refusal = f"{period.label} has not ended yet, so its pack cannot be published."
    elif packs.pack_for_period(period) is not None:
        refusal = f"A governance pack for {period.label} has already been published."
    if refusal:
        messages.error(request, refusal)
        return redirect("reporting:period", slug=period.slug)
    form = PackPublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pack = packs.pack_publish(
                period=period, narrative=form.cleaned_data["narrative"], user=request.user
            )
        except packs.PackRefused as refused:
            messages.error(request, refused.message)
            return redirect("reporting:period", slug=period.slug)
        messages.success(request, f"The governance pack for {period.label} is published.")
        return redirect("reporting:pack", pk=pack.pk)
    return render(
        request,
        "reporting/packs/publish.html",
        {"period": period, "form": form, "report": figures.report_for(period)},
    )


@steering_required
def pack_list(request):
    """Every published governance pack."""
    return render(request, "reporting/packs/list.html", {"packs": packs.pack_list()})


@steering_required
def pack_detail(request, pk):
    """A governance pack as published, from its frozen content only."""
    pack = packs.get_pack_for_user(request.user, pk)
    return render(
        request,
        "reporting/packs/detail.html",
        {"pack": pack, "report": packs.pack_report(pack), "content": pack.content},
    )


@steering_required
def pack_pdf(request, pk):
    """The pack as a tagged PDF."""
    pack = packs.get_pack_for_user(request.user, pk)
    return exports.pdf_response(exports.pack_pdf(pack), f"governance-pack-{pack.period_slug}.pdf")


@steering_required
def pack_csv(request, pk):
    """Every figure in the pack, as CSV."""
    pack = packs.get_pack_for_user(request.user, pk)
    return exports.figures_csv_response(
        packs.pack_report(pack), f"governance-pack-{pack.period_slug}-figures.csv"
    )
