from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "capacity"
    verbose_name = "Confidence and capacity (objective 4)"

    def ready(self):
        from . import plan_evidence  # noqa: F401 (registers the plan tracker's evidence check)
        from .accreditation.wiring import wire as accreditation_wire
        from .mentoring.wiring import wire as mentoring_wire
        from .partners.wiring import wire as partners_wire
        from .plans.wiring import wire as plans_wire
        from .resources.wiring import wire as resources_wire
        from .roles.wiring import wire as roles_wire
        from .training.wiring import wire as training_wire

        # Each feature package adds its menu items, portal and record sections, story source,
        # erasure rules, attendance hook and dashboard panel itself.
        for wire in (
            training_wire,
            roles_wire,
            resources_wire,
            plans_wire,
            mentoring_wire,
            accreditation_wire,
            partners_wire,
        ):
            wire()
