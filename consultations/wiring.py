"""What consultations register with the other apps, called from ConsultationsConfig.ready(). Each
feature package adds its own from its `wiring.wire()`: menu items, record and portal sections,
story sources, dashboard panels, erasure rules, insight sources, digest items and the public
home page's section."""

from community.record_sections import record_section_register
from reporting.benchmarks.registry import bench_sections_register
from reporting.demo import demo_builder_register

from . import bench
from .demo import demo_build
from .discussion.wiring import wire as discussion_wire
from .erasure import erasure_rules_register
from .outcomes.wiring import wire as outcomes_wire
from .reach.wiring import wire as reach_wire
from .record import record_consultations_section
from .staff.wiring import wire as staff_wire
from .story import story_sources_register
from .taking_part.wiring import wire as taking_part_wire


def wire() -> None:
    bench_sections_register(entries=bench.entries, skips=bench.skips)
    # The integration's registrations: story sources, the staff record's section, what leaving
    # does to every row, and the demo (seed_demo runs it after its own).
    story_sources_register()
    record_section_register(
        key="consultations",
        template="consultations/record_section.html",
        context=record_consultations_section,
        order=64,
    )
    erasure_rules_register()
    demo_builder_register(key="consultations", build=demo_build)
    for package_wire in (staff_wire, taking_part_wire, discussion_wire, outcomes_wire, reach_wire):
        package_wire()
