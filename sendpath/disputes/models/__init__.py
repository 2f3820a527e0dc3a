"""The disagreements' models, one module per part (imported here so Django finds them)."""

from .disagreements import (  # noqa: F401
    AgreedAction,
    Disagreement,
    TribunalOrder,
)
