"""What partners registers with the other apps, called from CapacityConfig.ready()."""


def wire() -> None:
    pass
