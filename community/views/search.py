"""The search behind every staff picker (cocreation.lib.pickers): /staff/search/<kind>/?q=...

Staff only, like every form with a picker. At most a page of matches (20), as JSON, from the rows
the kind allows (people who left are not offered). app.js asks it as a person types.
"""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from cocreation.lib.pickers import picker_kind, picker_matches, picker_option

from ..permissions import staff_required


@staff_required
@require_GET
def picker_search(request, kind):
    try:
        picker = picker_kind(kind)
    except LookupError:
        raise Http404("There is nothing to search by that name.") from None
    rows, total = picker_matches(picker, picker.queryset(request.GET), request.GET.get("q", ""))
    return JsonResponse({"results": [picker_option(picker, row) for row in rows], "total": total})
