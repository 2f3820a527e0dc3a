"""Base models and the audit log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """UUID key (no guessable sequence in URLs) and who created or last changed the row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    SEARCHED = "searched", "Searched"
    CREATED = "created", "Created"
    UPDATED = "updated", "Changed"
    DENIED = "denied", "Refused access"
    SIGNED_IN = "signed_in", "Signed in"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"


class AuditEntry(models.Model):
    """One read or change: who, what, when and from where. Rows are only ever added."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    actor_label = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The child whose record this concerns, if any (kept as a plain value so the log outlives
    # any record and core depends on no domain app).
    child_id = models.UUIDField(null=True, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)
    method = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["child_id", "-at"], name="audit_child_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"


class NotifyMessage(models.Model):
    """A message sent (or, with the local backend, that would have been sent) through GOV.UK
    Notify. Tests read what would have gone out from here."""

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)
    backend = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, default="email")
    to = models.CharField(max_length=320)
    template_id = models.CharField(max_length=64)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    personalisation = models.JSONField(default=dict, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    notify_id = models.CharField(max_length=64, blank=True)
    # queued (until the transaction that stored it commits, and between tries), then
    # delivered-locally, created (accepted by Notify) or failed (refused after the last try: the
    # reason is in ``error``); a letter is "to-print" until someone marks it posted.
    status = models.CharField(max_length=20, default="created")
    error = models.TextField(blank=True)
    # One message per key: whatever queues the same message twice (a signal sent again, a
    # nightly run repeated) stores and sends it once.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # What the message is about, as a plain value (core names no domain app): "case:<id>".
    regarding = models.CharField(max_length=100, blank=True, db_index=True)
    child_id = models.UUIDField(null=True, blank=True)
    recipient = models.CharField(max_length=200, blank=True, help_text="Who it is for, by name")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to}: {self.subject}"
