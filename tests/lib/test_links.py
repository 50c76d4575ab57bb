"""Full addresses for emails and text messages."""

from cocreation.lib.links import absolute_url


def test_a_path_is_put_on_the_site_address(settings):
    settings.SITE_URL = "https://cocreate.example.nhs.uk"
    assert absolute_url("/calendar/") == "https://cocreate.example.nhs.uk/calendar/"


def test_a_trailing_slash_on_the_site_address_is_not_doubled(settings):
    settings.SITE_URL = "https://cocreate.example.nhs.uk/"
    assert absolute_url("/calendar/") == "https://cocreate.example.nhs.uk/calendar/"
