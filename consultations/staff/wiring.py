def wire() -> None:
    pass
