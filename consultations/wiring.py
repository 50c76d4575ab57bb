"""What consultations register with the other apps, called from ConsultationsConfig.ready(). Each
feature package adds its own from its `wiring.wire()`: menu items, record and portal sections,
story sources, dashboard panels, erasure rules, insight sources, digest items and the public
home page's section."""

from .discussion.wiring import wire as discussion_wire
from .outcomes.wiring import wire as outcomes_wire
from .reach.wiring import wire as reach_wire
from .staff.wiring import wire as staff_wire
from .taking_part.wiring import wire as taking_part_wire


def wire() -> None:
    from reporting.benchmarks.registry import bench_sections_register

    from . import bench

    bench_sections_register(entries=bench.entries, skips=bench.skips)
    for package_wire in (staff_wire, taking_part_wire, discussion_wire, outcomes_wire, reach_wire):
        package_wire()
