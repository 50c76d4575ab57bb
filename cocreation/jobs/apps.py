from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "cocreation.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
