"""Plain words on the pages: days counted in words, fields and deadlines named once and
distinctly, and a filter value that is not in the list named as an error."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from sendpath.core.formatting import days_overdue, due_in
from sendpath.core.forms import GovukForm, field_params
from sendpath.ehc.presenters import deadline_label, names_for
from sendpath.ehc.tests.helpers import client_for, open_case, record
from sendpath.people.models import Role


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (-1, "1 day overdue"),
        (-3, "3 days overdue"),
        (0, "today"),
        (1, "tomorrow"),
        (9, "in 9 days"),
    ],
)
def test_days_in_words(days, words):
    assert due_in(days) == words
    if days < 0:
        assert days_overdue(days) == words


def test_optional_is_said_once():
    class Form(GovukForm):
        evidence = forms.CharField(label="Evidence (optional)", required=False)
        note = forms.CharField(label="Note", required=False)

    form = Form()
    assert field_params(form["evidence"])["label"]["text"] == "Evidence (optional)"
    assert field_params(form["note"])["label"]["text"] == "Note (optional)"


def test_a_generated_id_is_never_shown_as_a_name():
    key = "setting_response:d065d4fa-0f6b-4a40-9a39-3c6f1f0d2a11"
    assert deadline_label(key) == "Setting's response to consultation"
    assert deadline_label("setting_response:ourshire_primary") == (
        "Setting's response to consultation: ourshire primary"
    )


def test_two_advices_of_one_kind_have_different_names(world):
    case = open_case(world, received_days_ago=60)
    record(world, case, "decision_to_assess", 50, outcome="yes")
    for ident, author in (("a1", "Dr Ash"), ("a2", "Dr Birch"), ("a3", "Dr Birch")):
        record(
            world,
            case,
            "advice_requested",
            45,
            id=ident,
            source="educational",
            source_label="Educational advice",
            author=author,
        )
    names = names_for(case)
    labels = [deadline_label(f"advice:{i}", names) for i in ("a1", "a2", "a3")]
    assert len(set(labels)) == 3, labels
    assert labels[0] == "Advice: Educational advice from Dr Ash"
    body = (
        client_for(world, Role.CASEWORKER)
        .get(reverse("ehc:exception", args=[case.pk]))
        .content.decode()
    )
    assert body.count(">Advice: Educational advice</option>") == 0
    assert "Educational advice from Dr Ash" in body


def test_an_invalid_filter_is_an_error_and_the_others_still_apply(world):
    open_case(world, received_days_ago=60)
    client = client_for(world, Role.CASEWORKER)
    url = reverse("ehc:worklist")
    response = client.get(url, {"school": "not-a-school", "q": world.ours.last_name})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Select the school or setting from the list" in body
    assert world.ours.last_name in body
    response = client.get(url, {"q": "Nobody-by-this-name", "stage": "no-such-stage"})
    assert response.status_code == 400
    assert world.ours.last_name not in response.content.decode().split("<table")[-1]
