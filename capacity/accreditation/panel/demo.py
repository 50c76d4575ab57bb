"""The demo's accreditation panel rows."""


def demo_build() -> None:
    """Add the demo rows unless they are there already."""
