"""The "Things you can do" list on a family's child page, filled by the other parts of the
portal (asking, voice, messages) from their ``contributions.register()``.

    from sendpath.portal.status.actions import Action, add_action

    add_action(Action("Ask for an assessment", "portal:ask_assessment", gate="portal.ask_assessment"))

Each action's URL takes the child's id (``pk``) unless ``takes_child`` is false. The ``gate`` is
a ``rules`` permission name or predicate, tested with (user, child): the list never offers a page
the permissions refuse. ``hint`` is one plain sentence shown under the link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.urls import reverse

Gate = str | rules.Predicate


@dataclass(frozen=True)
class Action:
    label: str
    url_name: str
    gate: Gate
    hint: str = ""
    order: int = 100
    takes_child: bool = True
    # Where it also shows: "child" (the child page), "plan" (the plan page, for a carer with
    # plan-only access too, if the gate allows).
    places: tuple[str, ...] = ("child",)
    # Optional: a short status next to the link ("Due by 4 March"), from (child, user).
    status: Callable[[Any, Any], str] | None = None


@dataclass(frozen=True)
class ShownAction:
    label: str
    href: str
    hint: str
    status: str


_ACTIONS: list[Action] = []


def add_action(*actions: Action) -> None:
    for action in actions:
        if action not in _ACTIONS:  # ``ready`` may run twice in tests
            _ACTIONS.append(action)


def _allows(user: Any, gate: Gate, child: Any) -> bool:
    if isinstance(gate, str):
        return bool(user.has_perm(gate, child))
    return bool(gate.test(user, child))


def actions_for(child: Any, user: Any, place: str = "child") -> list[ShownAction]:
    """The actions ``user`` may take for ``child`` on the page ``place``, in order."""
    shown: list[ShownAction] = []
    for action in sorted(_ACTIONS, key=lambda a: a.order):
        if place not in action.places or not _allows(user, action.gate, child):
            continue
        href = (
            reverse(action.url_name, kwargs={"pk": child.pk})
            if action.takes_child
            else (reverse(action.url_name))
        )
        status = action.status(child, user) if action.status else ""
        shown.append(ShownAction(action.label, href, action.hint, status))
    return shown
