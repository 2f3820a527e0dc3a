"""No server error on malformed input: garbage posted to every form is refused with a 4xx.

The demo (at its smallest) gives real objects. Each role's pages are crawled from its home page,
following links and form actions, so every URL pattern reached carries real ids in its
arguments. Every one that accepts a POST then gets generated garbage (hypothesis) in the fields
its own form names, plus fields it does not expect: the answer must be a 4xx, or a redirect for
a post that happened to be valid, and never a 500; a 400 must name a field in its error summary.
"""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendpath.demo.generator import load_demo
from sendpath.people.models import User

# Every role that has pages of its own (the demo's accounts).
ROLES = (
    "admin",
    "manager",
    "caseworker",
    "virtualschool",
    "senco",
    "professional",
    "parent",
    "youngperson",
    "localoffer",
    "provider",
)
# Pages a crawl must not follow or post to: signing out ends the crawl's own session.
SKIP_NAMES = {"signout", "logout", "sign_out"}
DOMAIN_NAMESPACES = {
    "people",
    "ehc",
    "registers",
    "support",
    "jointworking",
    "localoffer",
    "core",
    "portal",
    "disputes",
    "budgets",
    "insight",
}
PAGES_PER_PATTERN = 1
EXAMPLES_PER_FORM = 4

HREF = re.compile(r'href="(/[^"#?]*)(?:\?[^"#]*)?(?:#[^"]*)?"')
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
ACTION = re.compile(r'\baction="([^"#?]*)')
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.IGNORECASE)
SUMMARY_LINK = re.compile(r'govuk-error-summary.*?<a href="#([^"]+)"', re.DOTALL)


def _pattern(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in SKIP_NAMES or match.namespace not in DOMAIN_NAMESPACES:
        return None
    return f"{match.namespace}:{match.url_name}"


def crawl(client: Client) -> dict[str, tuple[str, list[str]]]:
    """Each form (by URL pattern) this client reaches: a real path it posts to, its fields."""
    forms: dict[str, tuple[str, list[str]]] = {}
    seen_per_pattern: dict[str, int] = {}
    queue: deque[str] = deque(["/"])
    visited: set[str] = set()
    while queue:
        path = queue.popleft()
        if path in visited:
            continue
        visited.add(path)
        response = client.get(path, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        final = urlsplit(response.redirect_chain[-1][0]).path if response.redirect_chain else path
        body = response.content.decode()
        for attrs, inner in FORM.findall(body):
            if 'method="get"' in attrs.lower() or "method=" not in attrs.lower():
                continue
            action = ACTION.search(attrs)
            target = unescape(action.group(1)) if action and action.group(1) else final
            name = _pattern(target)
            if name and name not in forms:
                fields = sorted(set(FIELD.findall(inner)) - {"csrfmiddlewaretoken"})
                forms[name] = (target, fields)
        for link in HREF.findall(body):
            link = unescape(link)
            target = _pattern(link)
            if target is None or link in visited:
                continue
            if seen_per_pattern.get(target, 0) >= PAGES_PER_PATTERN:
                continue
            seen_per_pattern[target] = seen_per_pattern.get(target, 0) + 1
            queue.append(link)
    return forms


garbage_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "99999999999",
            "-1",
            "0",
            "1e309",
            "NaN",
            "\x00",
            "2026-02-30",
            "00000000-0000-0000-0000-000000000000",
            "not-a-uuid",
            "A" * 5000,
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "[[[[[[[[[[",
        ]
    ),
)


def posts(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    names = [*fields, "unexpected", "day", "-year"]
    return st.dictionaries(
        st.sampled_from(names),
        st.one_of(garbage_text, st.lists(garbage_text, min_size=1, max_size=3)),
        max_size=len(names),
    )


def fuzz(client: Client, label: str, path: str, fields: list[str], failures: list[str]) -> None:
    """Post generated garbage to one form; note every answer that is not a 4xx or a redirect."""

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=posts(fields))
    def check(data: dict[str, Any]) -> None:
        response = client.post(path, data)
        code = response.status_code
        if code >= 500 or code < 300:
            failures.append(f"{label} {_short(data)}: {code}")
        elif code == 400 and not SUMMARY_LINK.search(response.content.decode()):
            failures.append(f"{label} {_short(data)}: 400 names no field")

    check()


def _short(data: dict[str, Any]) -> str:
    return repr({k: repr(v)[:30] for k, v in data.items()})


@pytest.mark.django_db
def test_garbage_posted_to_every_form_never_gives_a_server_error():
    load_demo(children=100, cases=True)
    forms: list[tuple[str, str, str, list[str]]] = []
    for username in ROLES:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        for name, (path, fields) in crawl(client).items():
            forms.append((username, name, path, fields))

    posted: set[str] = set()
    failures: list[str] = []
    for username, name, path, fields in forms:
        if name in posted:
            continue
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        posted.add(name)

        fuzz(client, f"{username} POST {path}", path, fields, failures)
    # The walk reached the forms of every app (a crawl that found nothing would prove nothing).
    assert len(posted) >= 40, sorted(posted)
    assert not failures, "\n".join(failures[:20])
