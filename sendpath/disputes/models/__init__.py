"""The disagreements' models, one module per part (imported here so Django finds them)."""

from __future__ import annotations

from .complaints import (
    Complaint,
    ComplaintAction,
    ComplaintSettings,
    ComplaintStage,
)
from .disagreements import AgreedAction, Disagreement, TribunalOrder

__all__ = [
    "AgreedAction",
    "Complaint",
    "ComplaintAction",
    "ComplaintSettings",
    "ComplaintStage",
    "Disagreement",
    "TribunalOrder",
]
