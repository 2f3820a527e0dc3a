"""Stored counts, so that a dashboard's cost does not grow with the authority's size
(ARCHITECTURE.md, non-negotiable 6): the figures are counted in the background and stored
(``FigureSnapshot``), one per authority, kind and key (a year), and a page reads what is stored.

``get_or_count`` (and ``get_many`` for several keys) returns the stored result when its
watermark still matches the records: the watermark is what the count was made from, a few cheap
aggregate queries over the records the count reads (each kind says which: ``Kind.watermarks``).
When it does not match, or nothing is stored yet, a recount is queued as a background task
(``django-tasks``, ADR 0011) and the last stored result is returned marked stale (or nothing,
when none is stored yet). Only one recount of a key is queued at a time: the row's
``recount_queued_at`` is claimed by a conditional update, and a claim older than
``CLAIM_EXPIRES`` (a worker that died) may be claimed again.

A kind with lists behind its figures (``Kind.members``) stores, in the same pass and the same
transaction as the count, who is counted in each listed figure (``FigureMember``): the manager's
list behind a figure reads them a page at a time (``members``), so it always matches the count
shown and its cost does not grow with the authority's size.

The tests and the local demo use the immediate task backend: there the recount runs at once,
inside the request, and the page shows the fresh count. ``recount`` counts now and stores, for
the task, the nightly warm-up (``sendpath.insight.tasks``) and ``manage.py insight_recount``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from sendpath.ehc.models import Case
from sendpath.people.models import Child, Organisation, OrganisationKind

from .models import FigureMember, FigureSnapshot

T = TypeVar("T")
Marks = dict[str, Any]
CLAIM_EXPIRES = dt.timedelta(minutes=30)
# One member of a listed figure: (figure, child id, case id or None, the day counted by or None).
Member = tuple[str, Any, Any, dt.date | None]
BATCH = 5000


@dataclass(frozen=True)
class Kind(Generic[T]):
    """One kind of stored count.

    - ``compute(authority, keys)`` counts the keys in one pass: {key: result};
    - ``serialise`` / ``deserialise`` turn a result into JSON and back;
    - ``watermarks(authority, keys)`` gives each key's watermark, from cheap aggregate queries
      (JSON-native values: compared with what is stored);
    - ``task`` is the background task that calls ``recount`` for this kind;
    - ``members`` (optional) gives who is counted in each listed figure of a result, from the
      same pass as the count: stored with it (``FigureMember``).
    """

    name: str
    compute: Callable[[Organisation, list[str]], dict[str, T]]
    serialise: Callable[[T], Any]
    deserialise: Callable[[Any], T]
    watermarks: Callable[[Organisation, list[str]], dict[str, Marks]]
    task: Callable[[], Any]  # returns the task (defined after the kind, in the same module)
    members: Callable[[T], Iterable[Member]] | None = None


@dataclass(frozen=True)
class Stored(Generic[T]):
    """A stored count as a page reads it: ``value`` is None when nothing is stored yet;
    ``stale`` when the records changed since it was counted (a recount is under way)."""

    value: T | None
    counted_at: dt.datetime | None
    stale: bool
    snapshot_id: int | None = None  # the stored row (its members: ``members``)


def get_or_count(authority: Organisation, kind: Kind[T], key: str) -> Stored[T]:
    """The stored count of ``key``, recounted in the background when the records changed."""
    return get_many(authority, kind, [key])[key]


def get_many(authority: Organisation, kind: Kind[T], keys: list[str]) -> dict[str, Stored[T]]:
    """``get_or_count`` for several keys: one watermark reading, and one recount task for all
    the keys that need it."""
    marks = kind.watermarks(authority, keys)
    rows = _rows(authority, kind, keys)
    stale = [k for k in keys if k not in rows or rows[k].data is None or _moved(rows[k], marks[k])]
    if stale:
        claimed = _claim(authority, kind, stale)
        if claimed:
            try:
                kind.task().enqueue(str(authority.pk), claimed)
            except Exception:
                _release(authority, kind, claimed)
                raise
            rows = _rows(authority, kind, keys)  # the immediate backend has counted already
    found: dict[str, Stored[T]] = {}
    for key in keys:
        row = rows.get(key)
        if row is None or row.data is None:
            found[key] = Stored(None, None, stale=True)
        else:
            found[key] = Stored(
                kind.deserialise(row.data), row.counted_at, _moved(row, marks[key]), row.pk
            )
    return found


def recount(authority: Organisation, kind: Kind[T], keys: list[str]) -> dict[str, T]:
    """Count ``keys`` now and store them, each with the watermark read before counting (a change
    made while counting moves it on, so the next view counts again), and release the claim.
    A key's members replace its old ones in the same transaction as its count."""
    marks = kind.watermarks(authority, keys)
    try:
        counted = kind.compute(authority, keys)
        now = timezone.now()
        for key in keys:
            with transaction.atomic():
                row, _ = FigureSnapshot.objects.update_or_create(
                    authority=authority,
                    kind=kind.name,
                    key=key,
                    defaults={
                        "data": kind.serialise(counted[key]),
                        "watermark": marks[key],
                        "counted_at": now,
                        "recount_queued_at": None,
                    },
                )
                if kind.members is not None:
                    _store_members(row, kind.members(counted[key]))
    finally:
        _release(authority, kind, keys)
    return counted


def _store_members(row: FigureSnapshot, found: Iterable[Member]) -> None:
    """Replace the snapshot's members (inside the caller's transaction). On PostgreSQL they are
    written with COPY: a large authority's years hold hundreds of thousands of members, which
    row-by-row inserts would take a minute to write."""
    FigureMember.objects.filter(snapshot=row).delete()
    if connection.vendor != "postgresql":
        FigureMember.objects.bulk_create(
            (
                FigureMember(snapshot=row, figure=figure, child_id=child, case_id=case, on=on)
                for figure, child, case, on in found
            ),
            batch_size=BATCH,
        )
        return
    table = connection.ops.quote_name(FigureMember._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(name)
        for name in ("snapshot_id", "figure", "child_id", "case_id", "on")
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's cursor (psycopg 3): COPY is not in the DB-API
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for figure, child, case, on in found:
                copy.write_row((row.pk, figure, child, case, on))


def members(snapshot_id: int, figure: str, user: Any) -> QuerySet[FigureMember]:
    """Who is counted in one figure of a stored count, among the children the user may see
    named (``Child.objects.visible_to``), with their child and case, in name order: a page
    reads one slice of it."""
    visible = Child.objects.visible_to(user)
    return (
        FigureMember.objects.filter(snapshot_id=snapshot_id, figure=figure, child__in=visible)
        .select_related("child", "case")
        # Only what a list shows: the rows sorted by name stay narrow however many there are.
        .only(
            "child_id",
            "case_id",
            "on",
            "child__first_name",
            "child__last_name",
            "case__reference",
            "case__received_on",
        )
        .order_by("child__last_name", "child__first_name", "case__reference", "on", "pk")
    )


def pending(authority: Organisation, kind: Kind[Any]) -> list[str]:
    """The keys with a recount claimed (waiting or running)."""
    return list(
        FigureSnapshot.objects.filter(
            authority=authority, kind=kind.name, recount_queued_at__isnull=False
        )
        .order_by("key")
        .values_list("key", flat=True)
    )


def _rows(authority: Organisation, kind: Kind[Any], keys: list[str]) -> dict[str, FigureSnapshot]:
    found = FigureSnapshot.objects.filter(authority=authority, kind=kind.name, key__in=keys)
    return {row.key: row for row in found}


def _moved(row: FigureSnapshot, marks: Marks) -> bool:
    return row.watermark != marks


def _claim(authority: Organisation, kind: Kind[Any], keys: list[str]) -> list[str]:
    """Claim the recount of each key not already claimed (a row with no count is made for a
    key never counted, to hold the claim); returns the keys claimed by this call."""
    now = timezone.now()
    for key in keys:
        try:
            with transaction.atomic():
                FigureSnapshot.objects.get_or_create(authority=authority, kind=kind.name, key=key)
        except IntegrityError:
            pass  # made meanwhile by another request: the unique constraint keeps one
    claimed = []
    for key in keys:
        free = Q(recount_queued_at__isnull=True) | Q(recount_queued_at__lt=now - CLAIM_EXPIRES)
        rows = FigureSnapshot.objects.filter(authority=authority, kind=kind.name, key=key)
        if rows.filter(free).update(recount_queued_at=now):
            claimed.append(key)
    return claimed


def _release(authority: Organisation, kind: Kind[Any], keys: list[str]) -> None:
    FigureSnapshot.objects.filter(authority=authority, kind=kind.name, key__in=keys).update(
        recount_queued_at=None
    )


def authority_by_pk(pk: Any) -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, pk=pk).first()


def authorities_counted() -> list[Organisation]:
    """Every local authority with a case or a child of its own: those whose stored counts the
    nightly warm-up counts again."""
    with_cases = Case.objects.values("authority_id")
    with_children = Child.objects.values("responsible_authority_id")
    return list(
        Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY)
        .filter(Q(pk__in=with_cases) | Q(pk__in=with_children))
        .order_by("name")
    )


def when_counted(counted_at: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """ "Counted at 09:14 today", "Counted yesterday at 17:02", "Counted on 3 March 2027 at
    02:10" (local time), for the sentence a page shows above stored figures."""
    if counted_at is None:
        return ""
    local = timezone.localtime(counted_at)
    today = timezone.localtime(now or timezone.now()).date()
    if local.date() == today:
        return f"Counted at {local:%H:%M} today"
    if local.date() == today - dt.timedelta(days=1):
        return f"Counted yesterday at {local:%H:%M}"
    return f"Counted on {local:%-d %B %Y} at {local:%H:%M}"
