"""Claims pages (payments namespace): the person's own in the portal, and staff for a person.

`/staff/payments/claims/<id>/` itself is the approval package's review page (`claim-review`).
"""

from django.urls import path

from . import views

urlpatterns = [
    # The person's own, in the portal
    path("portal/payments/", views.my_payments, name="my-payments"),
    path("portal/payments/choice/", views.my_choice, name="my-choice"),
    path("portal/payments/claims/start/", views.my_claim_start, name="my-claim-start"),
    path("portal/payments/claims/<int:pk>/", views.my_claim, name="my-claim"),
    path(
        "portal/payments/claims/<int:pk>/expenses/<int:expense_pk>/remove/",
        views.my_expense_remove,
        name="my-expense-remove",
    ),
    path("portal/payments/claims/<int:pk>/submit/", views.my_claim_submit, name="my-claim-submit"),
    path(
        "portal/payments/claims/<int:pk>/expenses/<int:expense_pk>/receipt/",
        views.my_receipt,
        name="my-receipt",
    ),
    # Staff, for a person (assisted)
    path(
        "staff/payments/people/<int:cocreator_pk>/",
        views.person_payments,
        name="person-payments",
    ),
    path(
        "staff/payments/people/<int:cocreator_pk>/choice/",
        views.person_choice,
        name="person-choice",
    ),
    path(
        "staff/payments/people/<int:cocreator_pk>/claims/start/",
        views.person_claim_start,
        name="person-claim-start",
    ),
    path("staff/payments/claims/<int:pk>/edit/", views.claim_edit, name="claim-edit"),
    path(
        "staff/payments/claims/<int:pk>/expenses/<int:expense_pk>/remove/",
        views.claim_expense_remove,
        name="claim-expense-remove",
    ),
    path("staff/payments/claims/<int:pk>/submit/", views.staff_claim_submit, name="claim-submit"),
    path(
        "staff/payments/claims/<int:pk>/expenses/<int:expense_pk>/receipt/",
        views.claim_receipt,
        name="claim-receipt",
    ),
]
