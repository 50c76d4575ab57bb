"""What accreditation applying registers with the other apps."""


def wire() -> None:
    pass
