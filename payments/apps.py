from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments and recognition"

    def ready(self):
        from activities.hooks import attendance_recorded_register

        from .approval.wiring import wire as approval_wire
        from .claims.services import claims_draft_for_attendance
        from .claims.wiring import wire as claims_wire
        from .erasure import erasure_rules_register
        from .rates.wiring import wire as rates_wire
        from .recognition.wiring import wire as recognition_wire
        from .spend.wiring import wire as spend_wire
        from .statements.wiring import wire as statements_wire

        erasure_rules_register()
        # A paid session's register makes draft claims (activities reads no higher app).
        attendance_recorded_register(key="payments", handler=claims_draft_for_attendance)
        # Each feature package adds its menu items, portal and record sections, story source,
        # erasure rules and dashboard panel itself.
        for wire in (
            rates_wire,
            claims_wire,
            approval_wire,
            statements_wire,
            recognition_wire,
            spend_wire,
        ):
            wire()
