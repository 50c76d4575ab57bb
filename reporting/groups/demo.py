"""Demo saved groups and a draft message to one (reporting/demo.py calls this). Idempotent: a
group is made only when none has its name."""

from activities.models import Project
from community.models import Interest, Locality

from .models import GroupChannel, GroupMessage, SavedGroup
from .services import group_message_save, saved_group_save

CARERS = "Everyone who came to the carers' sessions"
MEDWAY_DIGITAL = "Medway, interested in digital services"


def build_demo_groups(*, actor) -> int:
    """Two saved groups and a draft message to the first; returns how many groups it made."""
    made = 0
    wanted = []
    carers_project = Project.objects.filter(title__icontains="carers").order_by("pk").first()
    if carers_project is not None:
        criteria = {"projects": [carers_project.pk], "took_part": "attended"}
    else:
        criteria = {"relationships": ["carer"]}
    wanted.append((CARERS, criteria))
    medway = Locality.objects.filter(name="Medway").first()
    digital = Interest.objects.filter(name__iexact="Digital services").first()
    if medway is not None and digital is not None:
        wanted.append((MEDWAY_DIGITAL, {"localities": [medway.pk], "interests": [digital.pk]}))
    for name, criteria in wanted:
        if SavedGroup.objects.filter(name=name).exists():
            continue
        group = saved_group_save(group=None, actor=actor, name=name, criteria=criteria)
        made += 1
        if name == CARERS and not GroupMessage.objects.exists():
            group_message_save(
                message=None,
                actor=actor,
                criteria=group.criteria,
                saved_group=group,
                channel=GroupChannel.BOTH,
                subject="Thank you for the carers' sessions",
                body=(
                    "Thank you for coming to our carers' sessions.\n\n"
                    "We have written up what you told us. We will share the new pack with you "
                    "next month. If you want to read it first, reply to this email."
                ),
                sms_body=(
                    "Thank you for coming to our carers' sessions. We will share the new pack "
                    "with you next month."
                ),
            )
    return made
