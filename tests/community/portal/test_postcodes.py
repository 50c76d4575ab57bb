"""A co-creator can give only a UK postcode, and it is kept one way (see tests/community/test_postcodes.py)."""

from .test_profile import _profile


def test_a_cocreator_cannot_give_a_postcode_that_is_not_a_uk_one(cocreator_client, me):
    response = cocreator_client.post("/portal/profile/", _profile(me, postcode="SW1A 1AAA"))
    assert response.status_code == 200
    assert "Enter a UK postcode, like ME14 1RG" in response.content.decode()
    me.refresh_from_db()
    assert me.postcode == "ME14 1AA"


def test_a_cocreators_postcode_is_written_one_way(cocreator_client, me):
    cocreator_client.post("/portal/profile/", _profile(me, postcode="ct19zz"))
    me.refresh_from_db()
    assert me.postcode == "CT1 9ZZ"
