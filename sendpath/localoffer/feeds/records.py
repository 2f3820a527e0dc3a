"""What the import keeps of a record: its problems, its places, what passed, our terms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from ..models import (
    TaxonomyTerm,
)

SKIPPED: Final = "skipped"
NOTE: Final = "note"


@dataclass
class Problem:
    """Something wrong with one record: ``kind`` says whether it was skipped or only noted."""

    record: str
    field: str
    message: str
    kind: str = SKIPPED

    def as_dict(self) -> dict[str, str]:
        return {
            "record": self.record,
            "field": self.field,
            "message": self.message,
            "kind": self.kind,
        }


@dataclass
class Place:
    name: str
    address_1: str
    city: str
    postcode: str
    latitude: float | None
    longitude: float | None
    accessibility: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.name.lower(), self.postcode


@dataclass
class Checked:
    """A record that passed: what to save, and the notes to keep."""

    external_id: str
    fields: dict[str, Any]
    organization: dict[str, str]
    categories: list[TaxonomyTerm]
    needs: list[TaxonomyTerm]
    places: list[Place]
    last_reviewed: dt.date


@dataclass
class Terms:
    """Our taxonomy terms, found by id, by code or by name."""

    by_id: dict[str, TaxonomyTerm]
    by_word: dict[str, TaxonomyTerm]

    @classmethod
    def load(cls) -> Terms:
        terms = list(TaxonomyTerm.objects.select_related("taxonomy"))
        by_word: dict[str, TaxonomyTerm] = {}
        for term in terms:
            by_word.setdefault(term.name.strip().lower(), term)
            by_word.setdefault(term.code.strip().lower(), term)
        return cls(by_id={str(t.id): t for t in terms}, by_word=by_word)

    def find(self, attr: dict[str, Any]) -> tuple[TaxonomyTerm | None, str]:
        """Our term for an attribute, and the words it was given with (for a note)."""
        nested = attr.get("taxonomy_term") if isinstance(attr.get("taxonomy_term"), dict) else {}
        assert isinstance(nested, dict)  # noqa: S101 - narrowed above
        for key in (attr.get("taxonomy_term_id"), nested.get("id")):
            if isinstance(key, str) and key.strip().lower() in self.by_id:
                return self.by_id[key.strip().lower()], ""
        words = [nested.get(k) for k in ("code", "term", "name")]
        for word in words:
            if isinstance(word, str) and word.strip().lower() in self.by_word:
                return self.by_word[word.strip().lower()], ""
        shown = next((w for w in words if isinstance(w, str) and w.strip()), "")
        return None, shown or str(attr.get("taxonomy_term_id") or "with no name")
