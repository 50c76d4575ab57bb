"""The demo's partners (seed_demo, through capacity/demo.py)."""


def demo_build() -> None:
    """Add the demo rows unless they are there already."""
