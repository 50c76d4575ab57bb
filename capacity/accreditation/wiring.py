"""What accreditation registers with the other apps, called from CapacityConfig.ready()."""


def wire() -> None:
    pass
