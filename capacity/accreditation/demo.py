"""The demo's service accreditation (seed_demo, through capacity/demo.py): the criteria, invited
services and their applications first, then panels and decisions."""

from .applying.demo import demo_build as applying_demo
from .panel.demo import demo_build as panel_demo


def demo_build() -> None:
    applying_demo()
    panel_demo()
