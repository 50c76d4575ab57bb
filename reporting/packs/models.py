"""A locked governance pack (app label `reporting`; `reporting.models` imports it so Django finds
it)."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class PackAlreadyPublished(ValidationError):
    pass


class GovernancePack(models.Model):
    """A period's report as published: a frozen copy of every figure and text, signed.

    `content` holds the report exactly as shown (already suppressed), the narrative and the
    signature line. `digest` is the SHA-256 of `content` in canonical JSON, so anyone can check
    the copy has not changed. A saved pack is never updated: `save()` refuses.
    """

    period_slug = models.CharField(max_length=20, unique=True)
    period_label = models.CharField(max_length=100)
    narrative = models.TextField()
    content = models.JSONField()
    digest = models.CharField(max_length=64)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"Governance pack for {self.period_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PackAlreadyPublished("A published pack cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PackAlreadyPublished("A published pack cannot be deleted.")

    @staticmethod
    def digest_of(content) -> str:
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def intact(self) -> bool:
        return self.digest == self.digest_of(self.content)
