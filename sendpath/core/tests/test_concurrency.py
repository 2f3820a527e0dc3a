"""The shared optimistic-concurrency helper: versions, the signed token and the refusal."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django import forms
from django.http import QueryDict

from sendpath.core.concurrency import (
    STALE,
    StaleEditError,
    VersionedForm,
    check_version,
    opened_values,
    stamp,
    version_of,
)


def record(**values):
    return SimpleNamespace(
        modified_at=dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC), modified_by=None, **values
    )


class ThingForm(VersionedForm):
    name = forms.CharField(label="Name")
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red"), ("g", "Green")])
    ready = forms.BooleanField(label="Ready", required=False)


def values_of(thing):
    return {"name": thing.name, "colour": thing.colour, "ready": thing.ready}


def test_versions_are_the_version_number_the_change_time_or_a_chosen_value():
    assert version_of(SimpleNamespace(version=3)) == "v3"
    thing = record(name="A")
    assert version_of(thing) == thing.modified_at.isoformat()
    by_name = version_of(thing, version=lambda t: t.name)
    assert by_name != version_of(record(name="B"), version=lambda t: t.name)
    assert by_name == version_of(record(name="A"), version=lambda t: t.name)


def test_a_save_without_a_version_or_from_the_current_one_passes():
    thing = record(name="A", colour="r", ready=False)
    check_version(thing, "")
    check_version(thing, None)
    check_version(thing, stamp(thing, values_of(thing)))


@pytest.mark.parametrize("token", ["tampered", "v1"])
def test_an_altered_token_is_refused(token):
    with pytest.raises(StaleEditError):
        check_version(record(name="A"), token)


def test_an_older_version_is_refused_showing_each_changed_field_and_keeping_the_typed_values():
    before = record(name="A", colour="r", ready=False)
    form = ThingForm(QueryDict(mutable=True), initial=values_of(before))
    form.track(before, values_of)
    token = form.initial["based_on"]
    assert opened_values(token) == {"name": "A", "colour": "r", "ready": False}

    after = record(name="A", colour="g", ready=True)
    after.modified_at += dt.timedelta(minutes=5)
    with pytest.raises(StaleEditError) as refused:
        check_version(after, token)

    typed = QueryDict(mutable=True)
    typed.update({"name": "Mine", "colour": "r", "based_on": token})
    posted = ThingForm(typed)
    posted.track(before, values_of)
    assert posted.is_valid()
    posted.refuse_stale(refused.value)
    assert posted.non_field_errors()[0].startswith(STALE)
    assert posted.errors["colour"] == ["Colour: they changed it to “Green”"]
    assert posted.errors["ready"] == ["Ready: they changed it to “Yes”"]
    assert "name" not in posted.errors
    assert posted["name"].value() == "Mine"
    # The form is now based on the current version: saving again is a knowing overwrite.
    check_version(after, posted["based_on"].value())
