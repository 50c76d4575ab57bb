"""Tax-year statements: the person's own in the portal (no record number in the URL: their record
comes from their login) and any person's for staff. A year with nothing in it answers 404."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cocreation.lib.pdf import pdf_response
from cocreation.lib.spreadsheets import csv_response
from community.permissions import cocreator_required, get_cocreator_for_user, staff_required
from community.services import cocreator_for_user_ensure

from .exports import statement_csv_rows, statement_filename, statement_pdf
from .selectors import SECTION_KINDS, Statement, statement_for, statement_years
from .tax_years import tax_year_asked


def _statement(cocreator, year: int) -> Statement:
    """The person's statement for the year the URL names; 404 when there is nothing in it."""
    tax_year = tax_year_asked(year, timezone.localdate())
    if tax_year is None:
        raise Http404
    statement = statement_for(cocreator=cocreator, tax_year=tax_year)
    if statement.is_empty:
        raise Http404
    return statement


def _pdf(statement: Statement):
    return pdf_response(statement_pdf(statement), statement_filename(statement, "pdf"))


def _csv(statement: Statement):
    return csv_response(
        statement_csv_rows(statement),
        filename=statement_filename(statement, "csv"),
        byte_order_mark=True,
    )


def _own_record(request):
    return cocreator_for_user_ensure(user=request.user)


@cocreator_required
@require_GET
def portal_statements(request):
    cocreator = _own_record(request)
    return render(
        request,
        "payments/statements/portal_list.html",
        {"years": statement_years(cocreator), "section_kinds": SECTION_KINDS},
    )


@cocreator_required
@require_GET
def portal_statement_pdf(request, year):
    return _pdf(_statement(_own_record(request), year))


@cocreator_required
@require_GET
def portal_statement_csv(request, year):
    return _csv(_statement(_own_record(request), year))


@staff_required
@require_GET
def person_statement_pdf(request, cocreator_pk, year):
    return _pdf(_statement(get_cocreator_for_user(request.user, cocreator_pk), year))


@staff_required
@require_GET
def person_statement_csv(request, cocreator_pk, year):
    return _csv(_statement(get_cocreator_for_user(request.user, cocreator_pk), year))
