"""A ``Server-Timing`` header: how long Django took, and how much of it was SQL.

Put it first in ``MIDDLEWARE`` so that it times everything after it (sessions, sign-in, the
view, the template)::

    Server-Timing: app;dur=41.7, db;dur=12.3;desc="9 queries"

Browsers show it in the network panel and ``bench/worklist_bench.py`` reads it to measure the
server time of pages under load. It carries durations only, no data; leave it out of
``MIDDLEWARE`` where even timings should not be shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse


class _QueryTimer:
    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        timer = _QueryTimer()
        wrapped = [connections[alias] for alias in connections]  # this thread's connections
        for connection in wrapped:
            connection.execute_wrappers.append(timer)
        try:
            response = self.get_response(request)
        finally:
            for connection in wrapped:
                connection.execute_wrappers.remove(timer)
        total = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = (
            f"app;dur={total:.1f}, db;dur={timer.seconds * 1000:.1f};"
            f'desc="{timer.count} {"query" if timer.count == 1 else "queries"}"'
        )
        return response
