"""What accreditation panel registers with the other apps."""


def wire() -> None:
    pass
