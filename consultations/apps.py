from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = 'Online consultations ("Have your say")'

    def ready(self):
        from .wiring import wire

        wire()
