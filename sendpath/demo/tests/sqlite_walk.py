"""Walk the demo's pages on the database ``make run`` uses (SQLite), as its accounts would:
run with ``manage.py shell`` against a loaded demo; prints one line per page that did not
answer 200 (or a redirect), and ``walked N`` at the end. Used by ``test_sqlite_demo.py``."""

from __future__ import annotations

import re
from collections import deque

from django.test import Client

from sendpath.ehc.models import Case
from sendpath.people.models import Child, User

LINK = re.compile(r'href="(/(?:my|cases)/[^"#?]*)"')
SKIP = re.compile(r"/(pdf|download|files/[^/]+)/?$")


def walk(username: str, start: list[str], limit: int = 120) -> tuple[int, list[str]]:
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    seen: set[str] = set()
    queue = deque(start)
    problems: list[str] = []
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302):
            continue
        if response.status_code != 200:
            problems.append(f"{username} {path} {response.status_code}")
            continue
        for found in LINK.findall(response.content.decode()):
            if found not in seen:
                queue.append(found)
    return len(seen), problems


def main() -> None:
    own = Child.objects.get(young_person_user__username="youngperson")
    mine = Child.objects.get(family__user__username="parent")
    walked = 0
    problems: list[str] = []
    for username, child in (("parent", mine), ("youngperson", own)):
        count, found = walk(username, ["/my/", f"/my/{child.pk}/", "/my/preferences/"])
        walked += count
        problems += found
    for child in (own, mine):
        case = Case.objects.get(child=child, closed_at__isnull=True)
        count, found = walk("caseworker", [f"/cases/{case.pk}/"], limit=40)
        walked += count
        problems += found
    for line in problems:
        print("PROBLEM", line)
    print("walked", walked)


main()
