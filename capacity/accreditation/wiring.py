"""What accreditation registers with the other apps, called from CapacityConfig.ready()."""

from .applying.wiring import wire as applying_wire
from .panel.wiring import wire as panel_wire


def wire() -> None:
    applying_wire()
    panel_wire()
