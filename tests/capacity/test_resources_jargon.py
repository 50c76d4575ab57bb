"""The jargon buster: searching it without JavaScript, its A to Z list, the staff pages, and the
`jargon_links` filter that links the first use of each term on a page."""

import pytest
from django.template import Context, Template

from capacity.models import JargonTerm
from capacity.resources.selectors import jargon_terms_for_links
from capacity.templatetags.jargon import jargon_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms():
    return [
        JargonTerm.objects.create(
            term="ICS",
            also_known_as="Integrated Care System",
            meaning="The local partnership that plans health and care.",
        ),
        JargonTerm.objects.create(term="Care plan", meaning="A written plan of your support."),
        JargonTerm.objects.create(term="Safeguarding", meaning="Protecting people from harm."),
    ]


# --- the public page -----------------------------------------------------------------------------


def test_the_jargon_buster_lists_terms_a_to_z_with_anchors(anonymous, terms):
    page = anonymous.get("/jargon/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="term-ics"' in text and 'id="term-care-plan"' in text
    order = [text.index(f'id="term-{s}"') for s in ("care-plan", "ics", "safeguarding")]
    assert order == sorted(order)
    assert 'id="letter-C"' in text


def test_search_works_without_javascript_by_a_get_form(anonymous, terms):
    page = anonymous.get("/jargon/", {"q": "ics"})
    text = page.content.decode()
    assert 'method="get"' in text
    assert "1 term found for “ics”" in text
    assert 'id="term-ics"' in text and "term-care-plan" not in text


def test_search_matches_other_names_and_meanings_in_any_case(anonymous, terms):
    assert "1 term found" in anonymous.get("/jargon/", {"q": "integrated CARE"}).content.decode()
    found = anonymous.get("/jargon/", {"q": "plan"}).content.decode()
    assert "2 terms found" in found  # "Care plan" by name, ICS by its meaning ("plans")


def test_search_with_no_match_says_so(anonymous, terms):
    text = anonymous.get("/jargon/", {"q": "zebra"}).content.decode()
    assert "No terms match “zebra”" in text


def test_the_search_words_are_escaped(anonymous, terms):
    text = anonymous.get("/jargon/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text


def test_the_page_queries_do_not_grow_with_terms(anonymous, django_assert_max_num_queries):
    for n in range(30):
        JargonTerm.objects.create(term=f"Term {n}", meaning="Meaning.")
    with django_assert_max_num_queries(3):
        anonymous.get("/jargon/")
    with django_assert_max_num_queries(3):
        anonymous.get("/jargon/", {"q": "term"})


# --- the filter ----------------------------------------------------------------------------------


def test_the_filter_links_the_first_use_of_each_term_only(terms):
    html = str(jargon_links("The ICS wrote a care plan. The ics and the Care Plan again."))
    assert html.count('href="/jargon/#term-ics"') == 1
    assert html.count('href="/jargon/#term-care-plan"') == 1
    assert '<a class="nhsuk-link app-jargon-link" href="/jargon/#term-ics">ICS</a>' in html
    assert ">care plan</a>" in html  # the text keeps its own case


def test_the_filter_links_other_names_and_whole_words_only(terms):
    html = str(jargon_links("Our Integrated Care System; physics and ICSE are not ICS."))
    assert '#term-ics">Integrated Care System</a>' in html
    assert "physics" in html and "ICSE" in html
    assert html.count("<a ") == 1  # the later "ICS" is the same term, already linked


def test_the_filter_escapes_everything(terms):
    JargonTerm.objects.create(term="<script>x</script>", meaning="Not a real term.")
    html = str(jargon_links('<script>alert("ICS")</script> & <script>x</script>'))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;" in html
    assert '#term-ics">ICS</a>' in html
    assert "&lt;script&gt;x&lt;/script&gt;</a>" in html
    assert "&amp;" in html


def test_the_filter_in_a_template_with_linebreaks(terms):
    out = Template("{% load jargon %}{{ text|jargon_links|linebreaks }}").render(
        Context({"text": "About safeguarding.\n\n<b>Safeguarding</b> again."})
    )
    assert out.startswith("<p>About <a ")
    assert "&lt;b&gt;Safeguarding&lt;/b&gt;" in out
    assert out.count("<a ") == 1


def test_the_filter_with_no_terms_just_escapes(db):
    assert str(jargon_links("<i>hi</i>")) == "&lt;i&gt;hi&lt;/i&gt;"


def test_the_term_list_is_cached_until_a_term_changes(
    terms, staff_client, django_assert_num_queries
):
    jargon_terms_for_links()
    with django_assert_num_queries(0):
        jargon_links("ICS")
    staff_client.post(
        f"/staff/jargon/{terms[0].pk}/edit/",
        {"term": "ICS", "also_known_as": "", "meaning": "Changed."},
    )
    staff_client.post("/staff/jargon/add/", {"term": "PALS", "meaning": "Advice service."})
    assert "#term-pals" in str(jargon_links("Ask PALS"))
    assert "<a" not in str(jargon_links("Integrated Care System"))


def test_resource_pages_link_jargon_in_summary_and_body(anonymous, terms):
    from capacity.resources.services import resource_add

    resource_add(
        title="Guide",
        slug="guide",
        kind="guide",
        summary="What the ICS does.",
        body="Safeguarding <script>alert(1)</script> comes first.",
        audience="public",
        is_published=True,
        actor=None,
    )
    text = anonymous.get("/resources/guide/").content.decode()
    assert '#term-ics">ICS</a>' in text
    assert '#term-safeguarding">Safeguarding</a> &lt;script&gt;' in text
    assert "<script>alert(1)</script>" not in text


# --- staff pages ---------------------------------------------------------------------------------


def test_staff_add_and_change_a_term(staff_client, terms):
    answer = staff_client.post(
        "/staff/jargon/add/",
        {"term": "PALS", "also_known_as": "Patient Advice and Liaison Service", "meaning": "Help."},
    )
    assert answer.status_code == 302
    pals = JargonTerm.objects.get(term="PALS")
    staff_client.post(
        f"/staff/jargon/{pals.pk}/edit/", {"term": "PALS", "meaning": "Help and advice."}
    )
    pals.refresh_from_db()
    assert pals.meaning == "Help and advice."
    assert b"PALS" in staff_client.get("/staff/jargon/").content


def test_a_term_already_there_or_empty_is_refused(staff_client, terms):
    page = staff_client.post("/staff/jargon/add/", {"term": "ics", "meaning": "Again."})
    assert "already in the jargon buster" in page.content.decode()
    page = staff_client.post("/staff/jargon/add/", {"term": "", "meaning": ""})
    assert "Enter the term" in page.content.decode()
    assert JargonTerm.objects.count() == 3
