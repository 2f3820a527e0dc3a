"""Django forms rendered with the GOV.UK Design System's components.

Views keep using ordinary Django forms; templates call ``forms.field(form.x)`` and this module
turns each bound field into the parameters of the matching GOV.UK macro, with its error message
and the value the user typed. Dates use the GOV.UK date pattern (day, month, year boxes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

# ---------------------------------------------------------------------------------------------
# The GOV.UK date input: three boxes, named <name>-day, <name>-month and <name>-year.


class DateInputWidget(forms.MultiWidget):
    template_name = ""  # rendered by the GOV.UK macro, never by Django

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            widgets={"-day": forms.TextInput, "-month": forms.TextInput, "-year": forms.TextInput},
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [(data.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year")]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in ("day", "month", "year"))


class DateField(forms.Field):
    """A date entered in three boxes, with the GOV.UK pattern's error messages."""

    widget = DateInputWidget

    def __init__(
        self,
        *,
        not_in_future: bool = False,
        earliest: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        self.not_in_future = not_in_future
        self.earliest = earliest or dt.date(1900, 1, 1)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if not value or not any(value):
            return None
        day, month, year = value
        label = (self.label or "Date").capitalize()
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and a '.join(missing)}")
        # Each part is bounded before it becomes a number: a day or month of at most 2 digits,
        # a year of exactly 4 (GOV.UK date input pattern), so no input can overflow dt.date.
        if not all(part.isascii() and part.isdigit() for part in (day, month, year)):
            raise forms.ValidationError(f"{label} must be a real date, in numbers")
        if len(year) != 4 or int(year) < 1000:
            raise forms.ValidationError(f"{label} must include a year with 4 numbers")
        if len(day) > 2 or len(month) > 2:
            raise forms.ValidationError(f"{label} must be a real date")
        try:
            return dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError(f"{label} must be a real date") from None

    def validate(self, value: dt.date | None) -> None:
        if value is None:
            if self.required:
                raise forms.ValidationError(f"Enter {(self.label or 'the date').lower()}")
            return
        label = (self.label or "Date").capitalize()
        if self.not_in_future and value > timezone.localdate():
            raise forms.ValidationError(f"{label} must be today or in the past")
        if value < self.earliest:
            raise forms.ValidationError(f"{label} must be after {self.earliest:%-d %B %Y}")

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True


# ---------------------------------------------------------------------------------------------
# Turning bound fields into GOV.UK macro parameters.


def widget_kind(bf: forms.BoundField) -> str:
    widget = bf.field.widget
    if isinstance(widget, DateInputWidget):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def first_id(bf: forms.BoundField) -> str:
    """The id of the element an error summary link should move focus to."""
    if widget_kind(bf) == "date":
        return f"{bf.html_name}-day"
    return bf.html_name


def _choices(bf: forms.BoundField) -> list[tuple[str, str]]:
    return [(str(v), str(t)) for v, t in bf.field.choices]  # type: ignore[attr-defined]


def field_params(bf: forms.BoundField, **overrides: Any) -> dict[str, Any]:
    kind = widget_kind(bf)
    name = bf.html_name
    label_text = str(bf.label)
    optional = not bf.field.required and kind not in {"checkbox", "checkboxes"}
    if optional and not label_text.endswith("(optional)"):
        label_text += " (optional)"
    params: dict[str, Any] = {"id": name, "name": name}
    if bf.help_text:
        params["hint"] = {"text": str(bf.help_text)}
    if bf.errors:
        params["errorMessage"] = {"text": str(bf.errors[0])}
    attrs = {k: v for k, v in bf.field.widget.attrs.items() if k not in {"class"}}
    css = bf.field.widget.attrs.get("class", "")
    heading = overrides.pop("heading", False)
    legend = {
        "text": label_text,
        "classes": "govuk-fieldset__legend--l" if heading else "govuk-fieldset__legend--s",
        "isPageHeading": heading,
    }

    if kind in {"input", "password"}:
        value = bf.value()
        params.update(
            {
                "label": {
                    "text": label_text,
                    "classes": "govuk-label--l" if heading else "",
                    "isPageHeading": heading,
                },
                "value": "" if value is None else str(value),
                "type": "password"
                if kind == "password"
                else attrs.pop("type", getattr(bf.field.widget, "input_type", "text")),
                "classes": css,
                "autocomplete": attrs.pop("autocomplete", None),
                "spellcheck": attrs.pop("spellcheck", None),
                "inputmode": attrs.pop("inputmode", None),
                "attributes": attrs,
            }
        )
        if kind == "password":
            params["value"] = ""
    elif kind == "textarea":
        value = bf.value()
        params.update(
            {
                "label": {"text": label_text},
                "value": "" if value is None else str(value),
                "rows": attrs.pop("rows", 4),
                "attributes": {},
            }
        )
    elif kind == "select":
        current = "" if bf.value() is None else str(bf.value())
        params.update(
            {
                "label": {"text": label_text},
                "items": [
                    {"value": v, "text": t, "selected": v == current} for v, t in _choices(bf)
                ],
                "classes": css,
            }
        )
    elif kind == "radios":
        current = "" if bf.value() is None else str(bf.value())
        params.update(
            {
                "idPrefix": name,
                "fieldset": {"legend": legend},
                "items": [
                    {"value": v, "text": t, "checked": v == current}
                    for v, t in _choices(bf)
                    if v != ""
                ],
                "classes": css,
            }
        )
    elif kind == "checkboxes":
        current_values = {str(v) for v in (bf.value() or [])}
        params.update(
            {
                "idPrefix": name,
                "fieldset": {"legend": legend},
                "items": [
                    {"value": v, "text": t, "checked": v in current_values} for v, t in _choices(bf)
                ],
                "classes": "govuk-checkboxes--small",
            }
        )
    elif kind == "checkbox":
        item: dict[str, Any] = {
            "value": "on",
            "text": str(bf.label),
            "checked": bool(bf.value()),
            "id": name,
        }
        if bf.help_text:
            item["hint"] = {"text": str(bf.help_text)}
            params.pop("hint", None)
        params.update({"idPrefix": name, "items": [item], "classes": "govuk-checkboxes--small"})
    elif kind == "date":
        raw = bf.value()
        if isinstance(raw, dt.date):
            parts = [str(raw.day), str(raw.month), str(raw.year)]
        elif isinstance(raw, list | tuple):
            parts = ["" if p is None else str(p) for p in raw]
        else:
            parts = ["", "", ""]
        error_class = " govuk-input--error" if bf.errors else ""
        params.update(
            {
                "namePrefix": name,
                "fieldset": {"legend": legend},
                "items": [
                    {
                        "name": "day",
                        "label": "Day",
                        "value": parts[0],
                        "classes": "govuk-input--width-2" + error_class,
                        "inputmode": "numeric",
                    },
                    {
                        "name": "month",
                        "label": "Month",
                        "value": parts[1],
                        "classes": "govuk-input--width-2" + error_class,
                        "inputmode": "numeric",
                    },
                    {
                        "name": "year",
                        "label": "Year",
                        "value": parts[2],
                        "classes": "govuk-input--width-4" + error_class,
                        "inputmode": "numeric",
                    },
                ],
            }
        )
    elif kind == "file":
        params.update({"label": {"text": label_text}})
    params["kind"] = kind
    params.update(overrides)
    return params


def error_list(form: forms.BaseForm) -> list[dict[str, str]]:
    """Errors for the GOV.UK error summary, in the order the fields appear on the page."""
    items: list[dict[str, str]] = []
    for error in form.non_field_errors():
        items.append({"text": str(error), "href": "#main-content"})
    for bf in form:
        if bf.errors:
            items.append({"text": str(bf.errors[0]), "href": f"#{first_id(bf)}"})
    return items


class GovukForm(forms.Form):
    """A form whose 'required' and 'too long' messages name the field, as GOV.UK asks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "this").lower()
            # "Enter the first name", but "Enter how you learned of the move".
            bare = ("the ", "a ", "an ", "your ", "how ", "what ", "why ", "who ", "when ")
            article = "" if label.startswith(bare) else "the "
            if isinstance(field, forms.ChoiceField):
                field.error_messages["required"] = f"Select {article}{label}"
                field.error_messages["invalid_choice"] = f"Select {article}{label} from the list"  # noqa: S608 - not SQL
            elif not isinstance(field, DateField):
                field.error_messages.setdefault("required", "")
                field.error_messages["required"] = f"Enter {article}{label}"
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = (
                    f"{str(field.label).capitalize()} must be {field.max_length} characters or fewer"  # type: ignore[attr-defined]
                )


def set_choices(form: forms.BaseForm, name: str, choices: list[tuple[str, str]]) -> None:
    """Give a choice field its options at run time (a typed helper for a common pattern)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - a programming error otherwise
    field.choices = choices
