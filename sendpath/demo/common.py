"""What every part of the demo shares: its defaults, the names it refers to, its refusals."""

from __future__ import annotations

DEMO_PASSWORD = "sendpath-demo"
DEFAULT_SEED = 2026
DEFAULT_CHILDREN = 1500
MIN_CHILDREN = 100

HOME_NAME = "Demoshire Council"
HOME_ONS_CODE = "E06999999"
SENCO_SCHOOL = "Oakfield Primary School"  # the first school in data/authority.json
NHS_TRUST = "Demoshire Community Health NHS Trust"
LOCAL_OFFER_PROVIDER = "Demoshire Autism Family Support"  # the provider account's charity

NOT_ALLOWED_MESSAGE = (
    "Demo data is switched off in these settings (DEMO_ALLOWED is false). "
    "It must never be loaded into a live system."
)
NOT_EMPTY_MESSAGE = (
    "The database already has data: the demo was not loaded and nothing was changed."
)


class DemoRefused(Exception):  # noqa: N818 (the name the project uses)
    """The demo was not loaded, and nothing was changed."""


class DemoNotAllowed(DemoRefused):
    """These settings do not allow demo data (``DEMO_ALLOWED`` is false)."""


class DatabaseNotEmpty(DemoRefused):
    """The database already has organisations, children or accounts."""
