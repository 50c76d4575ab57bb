"""The benefits and tax notice: what it must say, that it is easy to read (a reading age of
about 9 to 11), and that a choice made under an older notice is asked about again."""

import re

import pytest
import textstat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from community.services import cocreator_for_user_ensure
from payments.models import PaymentChoice, PaymentMethod
from payments.notice import NOTICE_TEMPLATE, NOTICE_VERSION, notice_is_current
from reporting.newsletters.readability import as_sentences


def _notice_text() -> str:
    html = render_to_string(NOTICE_TEMPLATE, {"site": {"contact_email": "team@example.org"}})
    return as_sentences(strip_tags(html))


def test_the_version_is_a_year_and_month():
    assert re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", NOTICE_VERSION)


def test_the_notice_says_what_people_need_to_know_and_promises_nothing():
    text = _notice_text()
    for words in (
        "Income Tax",
        "Universal Credit",
        "Employment and Support Allowance",
        "Personal Independence Payment (PIP)",
        "Carer's Allowance",
        "benefits office or your work coach",
        "Citizens Advice",
        "Turn2us benefits calculator",
        "GOV.UK: benefits and work",
        "team@example.org",
        "a shopping voucher",
        "a donation to a charity",
        "no payment",
        "change your choice at any time",
        "every claim we have not yet sent to be paid",
    ):
        assert words in text, words
    assert "may" in text
    for promise in ("will not affect", "won't affect", "does not count", "is not taxed"):
        assert promise not in text.lower(), promise


def test_the_notice_is_easy_to_read():
    text = _notice_text()
    assert textstat.flesch_reading_ease(text) >= 70
    assert textstat.flesch_kincaid_grade(text) <= 6.5  # a reading age of about 11


@pytest.mark.django_db
def test_a_choice_made_under_an_older_notice_is_asked_about_again(cocreator_client, cocreator):
    me = cocreator_for_user_ensure(user=cocreator)
    old = PaymentChoice.objects.create(
        cocreator=me, method=PaymentMethod.PAYROLL, notice_version="2020-01"
    )
    assert not notice_is_current(old)
    page = cocreator_client.get(reverse("payments:my-payments")).content.decode()
    assert "has changed since you chose" in page
    home = cocreator_client.get(reverse("community:portal-home")).content.decode()
    assert "please read it again" in home
