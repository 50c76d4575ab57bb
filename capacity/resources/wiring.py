"""What resources registers with the other apps, called from CapacityConfig.ready(): the staff
menu item, the portal link to the resource pack, and what leaving does to its "who changed it"
links."""

from community.erasure import UNLINK, Erasure, erasure_policy_register
from community.portal_sections import portal_link_register

_TEAM = "Who last changed a resource or a version of it: the row is the team's; the link goes."


def wire() -> None:
    portal_link_register(
        key="resource-pack",
        label="The Co-Creation Resource Pack",
        url_name="capacity:portal-resource-list",
        order=60,
    )
    erasure_policy_register(label="capacity.Resource", links={"updated_by": Erasure(UNLINK, _TEAM)})
    erasure_policy_register(
        label="capacity.ResourceRevision", links={"changed_by": Erasure(UNLINK, _TEAM)}
    )
