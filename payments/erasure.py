"""What leaving does to payments rows (community/erasure.py), registered from ready()."""


def erasure_rules_register() -> None:
    pass
