"""The disagreements' models, one module per part (imported here so Django finds them)."""

from __future__ import annotations

from .complaints import (
    Complaint,
    ComplaintAction,
    ComplaintSettings,
    ComplaintStage,
)

__all__ = ["Complaint", "ComplaintAction", "ComplaintSettings", "ComplaintStage"]
