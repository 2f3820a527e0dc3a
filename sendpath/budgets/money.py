"""Money in whole pence: reading what staff type, and showing it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_AMOUNT = re.compile(r"^\d{1,7}(\.\d{1,2})?$")


def parse_pounds(text: str) -> int | None:
    """``"1,250.5"`` or ``"£1250.50"`` as 125050 pence; None if it is not an amount."""
    cleaned = text.strip().replace(",", "").removeprefix("£").strip()
    if not _AMOUNT.match(cleaned):
        return None
    try:
        return int(Decimal(cleaned) * 100)
    except InvalidOperation:  # pragma: no cover - the pattern rules it out
        return None


def pounds(pence: int) -> str:
    """125050 as ``"£1,250.50"``."""
    return f"£{pence // 100:,}.{pence % 100:02d}"


def csv_pounds(pence: int) -> str:
    """125050 as ``"1250.50"``: for a finance system (no symbol, no separators)."""
    return f"{pence // 100}.{pence % 100:02d}"
