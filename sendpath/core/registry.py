"""What each app contributes to the pages of the apps below it.

An app built on top of another never gets named by it: it adds its navigation items, panels on
the child record and the case pages, summary rows, front-page alerts, its role's home page and
its template helpers here, from its ``AppConfig.ready``. Every item is gated by a ``rules``
permission (or predicate), so the menu can never offer a page the permissions refuse.

    from sendpath.core import registry

    registry.add_nav(registry.Nav("registers:sen", "SEN Register", perm="registers.view_sen_register"))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import rules
from django.urls import reverse

# Where panels and rows go: the page that shows them renders its slot.
CHILD_RECORD = "child_record"  # the child's record page, after the buttons
CASE_OVERVIEW = "case_overview"  # the case's overview page, before the deadlines
CASE_REVIEW = "case_review"  # the case's review page, after the review dates
CASE_ADVICE = "case_advice"  # the case's advice page, before the advice by source
PLAN_SECTION_A = "plan_section_a"  # the page where section A of the plan is changed, below it
PLAN_SECTION_J = "plan_section_j"  # section J of the plan (page and document), below its text
FAMILY_HOME = "family_home"  # a family's home page, for each child whose plan a carer may read

Gate = str | rules.Predicate


@dataclass(frozen=True)
class NavItem:
    """One entry of a user's menu, as the layout shows it."""

    href: str
    text: str


@dataclass(frozen=True)
class Nav:
    """A page an app offers in the menu, to whoever holds ``perm``.

    ``order`` places it (lower first); it may depend on the user, for a page that comes first
    in one role's menu.
    """

    url_name: str
    text: str
    perm: Gate
    order: int | Callable[[Any], int] = 100


@dataclass(frozen=True)
class Panel:
    """A section an app adds to a page of another app, rendered from its own partial template.

    The template gets ``request``, ``obj`` (the page's child or case) and whatever ``context``
    returns for (obj, user).
    """

    slot: str
    template: str
    perm: Gate
    order: int = 100
    context: Callable[[Any, Any], dict[str, Any]] | None = None


@dataclass(frozen=True)
class Text:
    """Plain text an app adds to a section of a document when the document is kept as it was
    issued (a plan's version): what the app's panel shows on the live page, frozen with the rest
    so the issued copy says it too. ``text`` takes the document's owner (a case) and returns ""
    when it has nothing to add."""

    slot: str
    text: Callable[[Any], str]
    order: int = 100


@dataclass(frozen=True)
class Rows:
    """Rows an app adds to a summary list on another app's page (GOV.UK summary list rows)."""

    slot: str
    perm: Gate
    rows: Callable[[Any, Any], list[dict[str, Any]]]
    order: int = 100


@dataclass(frozen=True)
class Alert:
    """Warnings a team's front pages must not let pass unseen: ``alerts(user)`` gives
    ``{"text": ..., "href": ...}`` items."""

    perm: Gate
    alerts: Callable[[Any], list[dict[str, str]]]
    order: int = 100


@dataclass(frozen=True)
class HomePage:
    """The page a role starts on, where an app provides it (otherwise the staff home)."""

    roles: tuple[str, ...]
    url_name: str
    perm: Gate


@dataclass
class Registry:
    nav: list[Nav] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    rows: list[Rows] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    home_pages: list[HomePage] = field(default_factory=list)
    template_globals: dict[str, Any] = field(default_factory=dict)
    template_filters: dict[str, Any] = field(default_factory=dict)


REGISTRY = Registry()


def _add(items: list[Any], item: Any) -> None:
    if item not in items:  # ``ready`` may run twice in tests
        items.append(item)


def add_nav(*items: Nav) -> None:
    for item in items:
        _add(REGISTRY.nav, item)


def add_panel(panel: Panel) -> None:
    _add(REGISTRY.panels, panel)


def add_rows(rows: Rows) -> None:
    _add(REGISTRY.rows, rows)


def add_text(text: Text) -> None:
    _add(REGISTRY.texts, text)


def texts_for(slot: str, obj: Any) -> list[str]:
    """The texts apps add to ``slot`` of the document owned by ``obj``, in order, empty ones
    left out (no user: the kept copy is the same whoever reads it)."""
    items = sorted((t for t in REGISTRY.texts if t.slot == slot), key=lambda t: t.order)
    return [text for text in (item.text(obj) for item in items) if text]


def add_alert(alert: Alert) -> None:
    _add(REGISTRY.alerts, alert)


def add_home_page(home: HomePage) -> None:
    _add(REGISTRY.home_pages, home)


def add_template_global(name: str, value: Any) -> None:
    """A function templates of several apps call (a name no other app has taken)."""
    _claim(REGISTRY.template_globals, name, value)


def add_template_filter(name: str, value: Any) -> None:
    _claim(REGISTRY.template_filters, name, value)


def _claim(table: dict[str, Any], name: str, value: Any) -> None:
    if name in table and table[name] is not value:
        raise ValueError(f"The template name {name!r} is already taken")
    table[name] = value


# ---------------------------------------------------------------------------------------------
# Reading the contributions


def allows(user: Any, gate: Gate, obj: Any = None) -> bool:
    if isinstance(gate, str):
        return bool(user.has_perm(gate, obj))
    return bool(gate.test(user, obj))


def _order(item: Nav, user: Any) -> int:
    return item.order(user) if callable(item.order) else item.order


def navigation_for(user: Any) -> list[NavItem]:
    """Home, then every contributed page the user may open, in order."""
    shown = sorted((n for n in REGISTRY.nav if allows(user, n.perm)), key=lambda n: _order(n, user))
    return [
        NavItem(reverse("home"), "Home"),
        *(NavItem(reverse(n.url_name), n.text) for n in shown),
    ]


def panels_for(slot: str, obj: Any, user: Any) -> list[Panel]:
    return sorted(
        (p for p in REGISTRY.panels if p.slot == slot and allows(user, p.perm, obj)),
        key=lambda p: p.order,
    )


def rows_for(slot: str, obj: Any, user: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for item in sorted(REGISTRY.rows, key=lambda r: r.order):
        if item.slot == slot and allows(user, item.perm, obj):
            found.extend(item.rows(obj, user))
    return found


def alerts_for(user: Any) -> list[dict[str, str]]:
    if not user.is_authenticated:
        return []
    found: list[dict[str, str]] = []
    for item in sorted(REGISTRY.alerts, key=lambda a: a.order):
        if allows(user, item.perm):
            found.extend(item.alerts(user))
    return found


def home_page_for(user: Any) -> str | None:
    """The URL name of the page the user's role starts on, if an app provides one."""
    for home in REGISTRY.home_pages:
        if user.role in home.roles and allows(user, home.perm):
            return home.url_name
    return None
