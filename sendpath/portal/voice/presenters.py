"""What a family told us, as pages and the plan show it: questions with their answers, the
picture cards as words, and the text offered for section A of a plan."""

from __future__ import annotations

from dataclasses import dataclass

from sendpath.core import formatting

from ..models import AllAboutMe, Writer
from . import pictures

# (field, the question as the family page asks it, the heading staff and the plan use)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "about_me",
        "What do people like and admire about you?",
        "What people like and admire about me",
    ),
    ("important_now", "What is important to you now?", "What is important to me now"),
    ("likes", "Things you like", "Things I like"),
    ("find_hard", "What do you find hard?", "What I find hard"),
    ("hard_things", "Things you find hard", "Things I find hard"),
    ("helps", "What helps you?", "What helps me"),
    ("helpers", "Things that help you", "Things that help me"),
    ("does_not_help", "What does not help you?", "What does not help me"),
    (
        "communication",
        "How do you like to talk, listen and share what you think?",
        "How I like to communicate",
    ),
    (
        "hopes",
        "What are your hopes and dreams for the future?",
        "My hopes and dreams for the future",
    ),
)
CARD_FIELDS = tuple(pictures.GROUPS)


@dataclass(frozen=True)
class Answer:
    field: str
    question: str
    heading: str
    text: str  # the answer, with picture cards as words ("" when not answered)
    cards: tuple[pictures.Card, ...] = ()  # the picture cards chosen, for pages that show them


def answers(version: AllAboutMe | None) -> list[Answer]:
    """Every question with its answer (blank answers included, so a page can say so)."""
    found = []
    for field, question, heading in QUESTIONS:
        chosen: tuple[pictures.Card, ...] = ()
        if version is None:
            text = ""
        elif field in CARD_FIELDS:
            codes = list(getattr(version, field) or [])
            text = ", ".join(pictures.words(field, codes))
            chosen = tuple(card for card in pictures.GROUPS[field] if card.code in codes)
        else:
            text = str(getattr(version, field) or "").strip()
        found.append(Answer(field, question, heading, text, chosen))
    return found


def written(version: AllAboutMe) -> str:
    """Who wrote it and when, in words."""
    who = "the young person" if version.written_by == Writer.YOUNG_PERSON else "a parent or carer"
    name = f" ({version.writer_name})" if version.writer_name else ""
    return f"Written by {who}{name} on {formatting.govuk_date(version.created_at)}"


def section_a_text(version: AllAboutMe) -> str:
    """The family's words as section A of a plan: each answer under its heading, then who wrote
    it and when (SEND Code of Practice 9.69: section A in their own words)."""
    parts = [f"{a.heading}:\n{a.text}" for a in answers(version) if a.text]
    parts.append(f"{written(version)} (All about me, version {version.number}).")
    return "\n\n".join(parts)
