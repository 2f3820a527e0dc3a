"""Forms for comments on the Local Offer and the authority's published responses.

SEND Regulations 2014 reg 56: the local authority must publish comments about its Local Offer
and its response to them (SEND Code of Practice 4.19-4.26).
"""

from __future__ import annotations

from typing import Any

from django import forms

from sendpath.core.forms import GovukForm

from . import reference
from .models import CommentStatus

COMMENT_MAX = 5000
PUBLISHED_MAX = 5000
THEMES = list(reference.THEME_LABELS.items())


def _normalise(text: str) -> str:
    """Browsers send new lines as two characters: count each as one, as people do."""
    return text.replace("\r\n", "\n").strip()


def _check_length(text: str, label: str, limit: int) -> str:
    text = _normalise(text)
    if len(text) > limit:
        raise forms.ValidationError(
            f"{label} must be {limit:,} characters or fewer. It has {len(text):,} characters now"
        )
    return text


class CommentForm(GovukForm):
    """A comment from anyone, signed in or not. Name and email are never published."""

    topic = forms.ChoiceField(
        label="What is your comment about?",
        choices=reference.TOPICS,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Please do not include a child's name, date of birth or other personal "
        "details. We do not need them to act on your comment.",
    )
    name = forms.CharField(
        label="Your name",
        required=False,
        max_length=200,
        help_text="Only if you want a reply. We never publish your name.",
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": False}),
    )
    email = forms.EmailField(
        label="Your email address",
        required=False,
        max_length=254,
        help_text="Only if you want a reply. We never publish your email address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].error_messages["required"] = "Select what your comment is about"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )

    def clean_comment(self) -> str:
        return _check_length(self.cleaned_data.get("comment", ""), "Your comment", COMMENT_MAX)


class PublishForm(GovukForm):
    """The response staff publish: what was said, in their words, and what was done."""

    topic = forms.ChoiceField(label="Theme", choices=THEMES, widget=forms.RadioSelect)
    you_said = forms.CharField(
        label="You said",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Write it in your own words. Remove names, addresses and anything else that "
        "could identify someone.",
    )
    we_did = forms.CharField(
        label="We did",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the council did, or will do, in response",
    )
    action_taken = forms.CharField(
        label="What has changed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: the entry was corrected, or a new service was commissioned",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].error_messages["required"] = "Select the theme"
        self.fields["you_said"].error_messages["required"] = (
            "Enter what the person said, in your own words"
        )
        self.fields["we_did"].error_messages["required"] = "Enter what we did"

    def clean_you_said(self) -> str:
        return _check_length(self.cleaned_data.get("you_said", ""), "You said", PUBLISHED_MAX)

    def clean_we_did(self) -> str:
        return _check_length(self.cleaned_data.get("we_did", ""), "We did", PUBLISHED_MAX)

    def clean_action_taken(self) -> str:
        return _check_length(
            self.cleaned_data.get("action_taken", ""), "What has changed", PUBLISHED_MAX
        )


class DeclineForm(GovukForm):
    reason = forms.CharField(
        label="Reason for declining",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: abusive, or not about the Local Offer",
    )

    def clean_reason(self) -> str:
        return _check_length(self.cleaned_data.get("reason", ""), "The reason", 2000)


STATUS_FILTERS = [
    (CommentStatus.NEW.value, "New"),
    (CommentStatus.PUBLISHED.value, "Response published"),
    (CommentStatus.DECLINED.value, "Declined"),
    ("all", "All comments"),
]


class CommentFilterForm(GovukForm):
    """The staff's triage list: new comments first, by default."""

    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_FILTERS)
    theme = forms.ChoiceField(label="Theme", required=False, choices=[("", "All themes"), *THEMES])

    def chosen(self) -> tuple[str, str]:
        """The status and theme asked for; anything unknown falls back to the defaults."""
        data = self.cleaned_data if self.is_valid() else {}
        return (data.get("status") or CommentStatus.NEW.value, data.get("theme") or "")


class ThemeFilterForm(GovukForm):
    """The public filter on "You said, we did": a plain GET form, no JavaScript needed."""

    theme = forms.ChoiceField(label="Theme", required=False, choices=[("", "All themes"), *THEMES])

    def chosen(self) -> str:
        return (self.cleaned_data.get("theme") or "") if self.is_valid() else ""
