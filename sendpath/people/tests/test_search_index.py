"""Finding a child by name is served by trigram indexes on PostgreSQL (SQLite keeps the plain
match): the index exists for each name and the planner can use it for the search's query."""

from __future__ import annotations

import pytest
from django.db import connection

from sendpath.people import selectors
from sendpath.people.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's pg_trgm only")
def test_names_have_trigram_indexes_the_search_can_use(world):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people_child' "
            "AND indexname LIKE '%%_trgm'"
        )
        found = dict(cursor.fetchall())
    for name in ("first_name", "middle_names", "last_name", "preferred_name"):
        assert "gin_trgm_ops" in found[f"child_{name}_trgm"]
    # The search's own condition (Django's ``istartswith``) on one name, forced off the table
    # scan the planner prefers for a handful of rows.
    results = selectors.child_search(user=world.user(Role.CASEWORKER), query="quok")
    assert 'UPPER("people_child"."last_name"::text) LIKE UPPER(' in str(results.query)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM people_child "
            "WHERE UPPER(people_child.last_name::text) LIKE UPPER(%s)",
            ["quok%"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "child_last_name_trgm" in plan
    assert [c.last_name for c in results] == ["Quokka"]
