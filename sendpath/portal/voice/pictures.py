"""The picture cards of the easy-read "All about me": a fixed set, each kept as a code and shown
as words to staff and in the plan.

Each card is a simple line pictogram (``static/portal/pictures``, from the Lucide icon set, ISC
licence, kept beside them) with its words and a text alternative saying what the picture shows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    code: str
    words: str  # what the card says, and what staff read
    picture: str  # file name in static/portal/pictures, without ".svg"
    alt: str  # what the picture shows


LIKES: tuple[Card, ...] = (
    Card("music", "Music", "music", "Musical notes"),
    Card("drawing", "Drawing and painting", "palette", "A paint palette"),
    Card("books", "Books and stories", "book-open", "An open book"),
    Card("animals", "Animals", "dog", "A dog"),
    Card("games", "Games", "gamepad-2", "A games controller"),
    Card("sport", "Sport", "volleyball", "A ball"),
    Card("outside", "Being outside", "trees", "Trees"),
    Card("friends", "My friends", "users", "Two people together"),
    Card("home", "Being at home", "house", "A house"),
    Card("swimming", "Swimming", "waves-ladder", "A swimming pool"),
    Card("cooking", "Cooking", "chef-hat", "A chef's hat"),
    Card("tv", "TV and films", "tv", "A television"),
)

HARD: tuple[Card, ...] = (
    Card("noise", "Loud noise", "volume-2", "A loudspeaker"),
    Card("changes", "Changes to my day", "shuffle", "Crossing arrows"),
    Card("writing", "Writing", "pencil", "A pencil"),
    Card("reading", "Reading", "book-open", "An open book"),
    Card("waiting", "Waiting", "hourglass", "An egg timer"),
    Card("friends", "Making friends", "user-plus", "A person with a plus sign"),
    Card("sitting", "Sitting still", "armchair", "A chair"),
    Card("talking", "Talking to people", "message-circle", "A speech bubble"),
    Card("new_places", "New places", "map-pin", "A pin on a map"),
    Card("numbers", "Numbers and maths", "calculator", "A calculator"),
    Card("mornings", "Getting up in the morning", "alarm-clock", "An alarm clock"),
    Card("bright", "Bright lights", "sun", "The sun"),
)

HELPS: tuple[Card, ...] = (
    Card("quiet", "A quiet place", "volume-x", "A loudspeaker turned off"),
    Card("break", "Having a break", "pause", "A pause sign"),
    Card("timetable", "Pictures of my day", "calendar-days", "A calendar"),
    Card("time", "Time to answer", "clock", "A clock"),
    Card("adult", "An adult to help me", "hand-helping", "A helping hand"),
    Card("headphones", "Headphones", "headphones", "A pair of headphones"),
    Card("moving", "Moving about", "footprints", "Footprints"),
    Card("steps", "Short, clear steps", "list-ordered", "A numbered list"),
    Card("warning", "Being told before things change", "bell", "A bell"),
    Card("kind", "Someone calm and kind", "face-slightly-smiling", "A smiling face"),
    Card("computer", "Using a computer", "laptop", "A laptop computer"),
    Card("fidget", "Something to hold", "hand", "An open hand"),
)

GROUPS: dict[str, tuple[Card, ...]] = {"likes": LIKES, "hard_things": HARD, "helpers": HELPS}


def choices(field: str) -> list[tuple[str, str]]:
    return [(card.code, card.words) for card in GROUPS[field]]


def cards(field: str) -> dict[str, Card]:
    return {card.code: card for card in GROUPS[field]}


def words(field: str, codes: list[str]) -> list[str]:
    """The cards' words, in the set's order (a code no longer in the set is shown as it is)."""
    known = cards(field)
    ordered = [card.words for card in GROUPS[field] if card.code in codes]
    return ordered + [code for code in codes if code not in known]
