import datetime as dt
import re

import pytest
import time_machine
from django import forms
from django.template import engines

from sendpath.core.forms import DateField, GovukForm, error_list


class BirthForm(GovukForm):
    date_of_birth = DateField(label="Date of birth", not_in_future=True)


def errors_for(day, month, year):
    form = BirthForm(
        {"date_of_birth-day": day, "date_of_birth-month": month, "date_of_birth-year": year}
    )
    assert not form.is_valid()
    return form.errors["date_of_birth"][0]


@time_machine.travel(dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC))
def test_valid_date_is_parsed():
    form = BirthForm(
        {"date_of_birth-day": "29", "date_of_birth-month": "2", "date_of_birth-year": "2024"}
    )
    assert form.is_valid()
    assert form.cleaned_data["date_of_birth"] == dt.date(2024, 2, 29)


@time_machine.travel(dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC))
@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter date of birth"),
        (("1", "", "2020"), "Date of birth must include a month"),
        (("", "", "2020"), "Date of birth must include a day and a month"),
        (("30", "2", "2020"), "Date of birth must be a real date"),
        (("a", "2", "2020"), "Date of birth must be a real date, in numbers"),
        (("1", "2", "20"), "Date of birth must include a year with 4 numbers"),
        (("23", "11", "2026"), "Date of birth must be today or in the past"),
        # Parts too large for a date are refused by name, never an OverflowError (a server error).
        (("99999999999", "2", "2020"), "Date of birth must be a real date"),
        (("1", "99999999999", "2020"), "Date of birth must be a real date"),
        (("1", "2", "99999999999"), "Date of birth must include a year with 4 numbers"),
        (("1", "2", "0999"), "Date of birth must include a year with 4 numbers"),
        (("-1", "2", "2020"), "Date of birth must be a real date, in numbers"),
        (("\u0661", "2", "2020"), "Date of birth must be a real date, in numbers"),
        (("1e3", "2", "2020"), "Date of birth must be a real date, in numbers"),
    ],
)
def test_date_errors_follow_the_govuk_pattern(parts, message):
    assert errors_for(*parts) == message


def test_error_summary_links_to_the_day_box():
    form = BirthForm({"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""})
    form.is_valid()
    assert error_list(form) == [{"text": "Enter date of birth", "href": "#date_of_birth-day"}]


def test_multiple_choice_renders_as_checkboxes_not_radios():
    from django import forms

    from sendpath.core.forms import field_params

    class NeedsForm(GovukForm):
        needs = forms.MultipleChoiceField(
            label="Needs", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
        )
        one = forms.ChoiceField(label="One", choices=[("a", "A")], widget=forms.RadioSelect)

    form = NeedsForm({"needs": ["b"]})
    params = field_params(form["needs"])
    assert params["kind"] == "checkboxes"
    assert [i["checked"] for i in params["items"]] == [False, True]
    assert field_params(form["one"])["kind"] == "radios"


class PickForm(GovukForm):
    colour = forms.MultipleChoiceField(
        label="Colours",
        required=False,
        choices=[("red", "Red"), ("green", "Green & blue"), ("gold", "Gold")],
        widget=forms.CheckboxSelectMultiple,
    )
    shade = forms.MultipleChoiceField(
        label="Shades",
        choices=[("dark", "Dark"), ("light", "Light")],
        help_text="Choose one or more",
        widget=forms.CheckboxSelectMultiple,
    )


def _normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


def _both(form, macro: str, name: str) -> tuple[str, str]:
    """A field as ``forms.field`` renders it with the GOV.UK macros, and as ``macro`` does."""
    if form.is_bound:
        form.is_valid()
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    template = env.from_string(
        '{% import "core/forms.html" as forms %}'
        f"{{{{ forms.field(form[name]) }}}}|||{{{{ forms.{macro}(form[name]) }}}}"
    )
    govuk, lean = template.render(form=form, name=name).split("|||")
    return govuk, lean


@pytest.mark.parametrize(
    "data",
    [
        None,  # nothing chosen yet
        {"colour": ["green", "gold"], "shade": ["dark"]},  # some checked
        {"colour": ["purple"]},  # an error on each: a bad choice, and a required one missing
    ],
)
def test_checkbox_list_gives_the_same_markup_as_the_govuk_macro(data):
    form = PickForm(data)
    for name in ("colour", "shade"):
        macro, lean = _both(form, "checkbox_list", name)
        assert _normalised(lean) == _normalised(macro), name
        assert "checkbox" in lean
        chosen_badly = data is not None and "purple" in data.get("colour", [])
        assert ("govuk-form-group--error" in lean) == chosen_badly


class FilterForm(GovukForm):
    q = forms.CharField(label="Search", required=False, max_length=50, help_text="A word or two")
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )
    age = forms.IntegerField(
        label="Age",
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    name = forms.CharField(label="Name")
    colour = forms.ChoiceField(label="Colour", choices=[("", "Any"), ("red", "Red & pink")])
    size = forms.ChoiceField(label="Size", required=False, choices=[("s", "Small"), ("l", "Large")])


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": "swim <club>", "postcode": "DM1", "age": "7", "name": "A", "colour": "red"},
        {"q": "x" * 60, "age": "seven", "colour": "blue", "size": "m"},  # every field wrong
    ],
)
def test_lean_fields_give_the_same_markup_as_the_govuk_macros(data):
    form = FilterForm(data)
    for name in form.fields:
        macro, lean = _both(form, "lean_field", name)
        assert _normalised(lean) == _normalised(macro), name
        assert f'id="{name}"' in lean
    if data and "size" in data:
        assert len(form.errors) == 5  # the wrong values really were shown as errors
