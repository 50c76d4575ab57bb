"""The unsubscribe link in every email: public, reached by a signed token naming the person.

GET shows a page with one button; POST stops all email to the person. Mail programs send the
RFC 8058 one-click POST (body `List-Unsubscribe=One-Click`) with no cookie or CSRF token, so the
view is exempt from the CSRF check: its only change is to stop email, which is safe to repeat and
cannot be turned against the person.
"""

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..messaging.channels import email_unsubscribe, unsubscribe_token_read
from ..models import CoCreator


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    cocreator_id = unsubscribe_token_read(token)
    cocreator = CoCreator.objects.filter(pk=cocreator_id).first() if cocreator_id else None
    if cocreator is None:
        return render(request, "community/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        email_unsubscribe(cocreator=cocreator)
        return render(request, "community/unsubscribe_done.html")
    return render(request, "community/unsubscribe.html", {"token": token})
