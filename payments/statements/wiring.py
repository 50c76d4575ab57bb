"""What statements registers with the other apps, called from PaymentsConfig.ready()."""


def wire() -> None:
    pass
