from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "capacity"
    verbose_name = "Confidence and capacity (objective 4)"

    def ready(self):
        from .resources.wiring import wire as resources_wire
        from .roles.wiring import wire as roles_wire
        from .training.wiring import wire as training_wire

        # Each feature package adds its menu items, portal and record sections, story source,
        # erasure rules, attendance hook and dashboard panel itself.
        for wire in (training_wire, roles_wire, resources_wire):
            wire()
