"""One way to split a list into pages of 50, for every list page."""

from django.core.paginator import Paginator

PER_PAGE = 50


def paginate(request, rows, *, per_page: int = PER_PAGE) -> dict:
    """The page asked for (`?page=`) and the page numbers to offer, gaps elided.

    Returns the context that templates/includes/pagination.html needs.
    """
    paginator = Paginator(rows, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return {"page_obj": page, "page_range": page_range}
