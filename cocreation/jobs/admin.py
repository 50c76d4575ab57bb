from django.contrib import admin

from .models import OutboxMessage, WorkerHeartbeat


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("task_name", "created_at", "published_at", "attempts")
    list_filter = ("task_name",)
    readonly_fields = (
        "task_name",
        "kwargs",
        "created_at",
        "published_at",
        "attempts",
        "last_error",
    )


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("hostname", "seen_at")
