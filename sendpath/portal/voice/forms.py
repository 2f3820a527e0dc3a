"""Forms for "All about me": the whole form on one page, the easy-read steps (a few short
questions each, with picture cards) and adding a file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from sendpath.core.concurrency import VersionedForm
from sendpath.core.forms import GovukForm
from sendpath.people.models import Child

from ..models import AllAboutMe
from . import pictures, selectors
from .services import CARD_FIELDS, FILE_KINDS, MAX_TEXT, TEXT_FIELDS


def _text(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _cards(field: str, label: str, hint: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=hint,
        required=False,
        choices=pictures.choices(field),
        widget=forms.CheckboxSelectMultiple,
    )


def values_of(obj: Child | AllAboutMe) -> dict[str, Any]:
    """What the form shows for a child: their latest version's answers (or nothing yet); for a
    version, its own answers."""
    latest = obj if isinstance(obj, AllAboutMe) else selectors.latest(obj)
    if latest is None:
        return {name: [] if name in CARD_FIELDS else "" for name in (*TEXT_FIELDS, *CARD_FIELDS)}
    return {name: getattr(latest, name) for name in (*TEXT_FIELDS, *CARD_FIELDS)}


def plain_messages(form: forms.BaseForm) -> None:
    """Messages for questions (GOV.UK's pattern would say "What do you like? must be ...")."""
    for field in form.fields.values():
        if isinstance(field, forms.MultipleChoiceField):
            field.error_messages["invalid_choice"] = "Choose pictures from the list"
        elif isinstance(field, forms.CharField) and field.max_length == MAX_TEXT:
            field.error_messages["max_length"] = (
                f"Your answer must be {MAX_TEXT:,} characters or fewer"
            )


class AnswersForm(GovukForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plain_messages(self)


class AllAboutMeForm(VersionedForm, AnswersForm):
    """Every question on one page (SEND Code of Practice 9.69, section A)."""

    about_me = _text(
        "What do people like and admire about you?",
        "For example, what your friends, family or teachers say you are good at",
    )
    important_now = _text(
        "What is important to you now?", "For example, people, places, pets or things you do"
    )
    likes = _cards("likes", "Things you like", "Choose all that are true")
    find_hard = _text("What do you find hard?")
    hard_things = _cards("hard_things", "Things you find hard", "Choose all that are true")
    helps = _text("What helps you?", "At home, at school or college, and when you are out")
    helpers = _cards("helpers", "Things that help you", "Choose all that are true")
    does_not_help = _text("What does not help you?")
    communication = _text(
        "How do you like to talk, listen and share what you think?",
        "For example, talking, signing, pictures, writing or using a tablet",
    )
    hopes = _text(
        "What are your hopes and dreams for the future?",
        "For example, a job, where you would like to live, friends, or things you want to learn",
    )

    def __init__(self, *args: Any, about: str = "", **kwargs: Any) -> None:
        """``about``: the child's name, when a parent or carer writes about them (the
        questions then name the child; a young person is asked about themselves)."""
        super().__init__(*args, **kwargs)
        if about:
            for name, (label, hint) in ABOUT_A_CHILD.items():
                field = self.fields[name]
                field.label = label.format(name=about)
                if hint:
                    field.help_text = hint.format(name=about)


# The same questions, for a parent or carer writing about their child.
ABOUT_A_CHILD: dict[str, tuple[str, str]] = {
    "about_me": (
        "What do people like and admire about {name}?",
        "For example, what friends, family or teachers say {name} is good at",
    ),
    "important_now": ("What is important to {name} now?", ""),
    "likes": ("Things {name} likes", ""),
    "find_hard": ("What does {name} find hard?", ""),
    "hard_things": ("Things {name} finds hard", ""),
    "helps": ("What helps {name}?", ""),
    "helpers": ("Things that help {name}", ""),
    "does_not_help": ("What does not help {name}?", ""),
    "communication": ("How does {name} like to talk, listen and share what they think?", ""),
    "hopes": ("What are {name}'s hopes and dreams for the future?", ""),
}


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[str, ...]
    labels: dict[str, tuple[str, str]]  # field: (short question, hint)


# The easy-read version: short questions, a few on each page, picture cards first.
EASY_STEPS: tuple[Step, ...] = (
    Step(
        "like",
        "Things I like",
        ("likes", "about_me"),
        {
            "likes": ("What do you like?", "Choose all the pictures that are true for you"),
            "about_me": ("What do people like about you?", "For example, kind, funny or helpful"),
        },
    ),
    Step(
        "hard",
        "Things I find hard",
        ("hard_things", "find_hard"),
        {
            "hard_things": ("What is hard for you?", "Choose all the pictures that are true"),
            "find_hard": ("Is anything else hard for you?", ""),
        },
    ),
    Step(
        "help",
        "Things that help me",
        ("helpers", "helps", "does_not_help"),
        {
            "helpers": ("What helps you?", "Choose all the pictures that are true"),
            "helps": ("Does anything else help you?", ""),
            "does_not_help": ("What does not help you?", ""),
        },
    ),
    Step(
        "talk",
        "Talking and what matters to me",
        ("communication", "important_now"),
        {
            "communication": (
                "How do you like to talk and listen?",
                "For example, talking, signing, pictures or a tablet",
            ),
            "important_now": ("What is important to you now?", "For example, people or pets"),
        },
    ),
    Step(
        "future",
        "When I am older",
        ("hopes",),
        {
            "hopes": (
                "What would you like to do when you are older?",
                "For example, a job, a place to live, or things to learn",
            )
        },
    ),
)
STEPS_BY_SLUG = {step.slug: step for step in EASY_STEPS}


def easy_form(step: Step) -> type[AnswersForm]:
    """The form of one easy-read page: the step's fields, with its short questions."""
    attrs: dict[str, Any] = {}
    for name in step.fields:
        label, hint = step.labels[name]
        attrs[name] = _cards(name, label, hint) if name in CARD_FIELDS else _text(label, hint)
    return type(f"Easy{step.slug.title()}Form", (AnswersForm,), attrs)


class CheckForm(VersionedForm):
    """The easy-read's last page: save what was said (based on the version it started from)."""


class FileForm(GovukForm):
    file = forms.FileField(
        label="Choose a file",
        help_text=f"It can be {FILE_KINDS}. It must be smaller than 20 MB",
        error_messages={"empty": "The selected file is empty", "required": "Select a file"},
    )
    description = forms.CharField(
        label="What does it show?",
        help_text="For example, a drawing of my family, or a video of me at the park",
        max_length=500,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages.update(
            {
                "required": "Enter what the file shows",
                "max_length": "What the file shows must be 500 characters or fewer",
            }
        )
