"""What staff pickers (cocreation.lib.pickers) find among community's rows: people and partner
contacts. Registered from CommunityConfig.ready(), with the search endpoint's URL."""

from collections.abc import Mapping

from cocreation.lib.pickers import picker_endpoint_register, picker_kind_register

from .models import CoCreator, PartnerContact


def cocreator_label(person: CoCreator) -> str:
    """Their full name, with the name they go by if it differs: "Priya Shah (Pri)"."""
    name = person.full_name or person.email or f"Co-creator {person.pk}"
    if person.preferred_name and person.preferred_name != person.full_name:
        return f"{name} ({person.preferred_name})"
    return name


def cocreator_hint(person: CoCreator) -> str:
    """How to tell two people of the same name apart."""
    return person.email or person.phone


def pickable_cocreators(params: Mapping | None = None):
    """Everyone who may be chosen for something new: all but people who left."""
    return CoCreator.objects.current().order_by("full_name", "pk")


def pickable_partner_contacts(params: Mapping | None = None):
    """Contacts at partner organisations, by organisation."""
    return PartnerContact.objects.select_related("organisation").order_by(
        "organisation__name", "name", "pk"
    )


def partner_contact_label(contact: PartnerContact) -> str:
    return f"{contact.name}, {contact.organisation.name}"


def pickers_register() -> None:
    """Community's kinds, and the endpoint every picker asks."""
    picker_endpoint_register(url_name="community:picker-search")
    picker_kind_register(
        key="people",
        queryset=pickable_cocreators,
        fields=("full_name", "preferred_name", "email", "phone"),
        label=cocreator_label,
        hint=cocreator_hint,
    )
    picker_kind_register(
        key="partner-contacts",
        queryset=pickable_partner_contacts,
        fields=("name", "organisation__name", "email"),
        label=partner_contact_label,
        hint=lambda contact: contact.role,
    )
