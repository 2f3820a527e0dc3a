"""Statutory cases for the Demoshire demo: about 400 EHC needs assessments at every stage.

Each case is a timeline of events as a caseworker would have recorded them through the pages
(the same event types and the same ``details`` as ``sendpath.ehc.cases.services`` and the views
write), with request dates spread over the last 40 weeks: requests awaiting a decision,
assessments with advice requested, received and overdue, plans being drafted, drafts out for
comment with settings consulted, final plans issued on time and late, decisions not to assess
or not to issue a plan (closed once the family's two months to appeal have passed). Some
deadlines are met, some late, some open, some overdue, and a few carry an exception (a school
closure, a missed appointment, exceptional personal circumstances). Plans at draft and final stage have sections A and I, needs in B,
outcomes in E and provision in F, linked to the needs they address.

Plans in force stand at every point of the review cycle (``POINTS``): issued 10 to 14 months ago
with no review yet, a review meeting arranged for the coming weeks (with and without the
invitations sent), meetings held awaiting the report, reports awaiting the authority's decision,
decisions to maintain, amend or cease, under-5s on six-monthly reviews, amendments proposed and
amended plans issued (each kept as a ``PlanVersion``), phase transfers for children moving Year 6
to 7 and Year 11 to post-16, moves to another authority and one ceased plan. The SENCO demo
account's school has several of these reviews, so its review worklist is not empty.

The team is the demo's ``caseworker`` and ``manager`` plus six more caseworkers. The
``caseworker`` account holds about 40 open cases, a few overdue and several due this week, so
its worklist looks like a Monday morning; the ``manager`` sees the whole team.

Everything comes from one ``random.Random`` seeded from the demo's seed, and dates count back
from the demo's ``today``: the same seed gives the same cases on the same day. Events are
bulk-inserted and each case's deadlines are then rebuilt once by
``services.deadlines_refresh``, so the stored deadlines are exactly the engine's.
"""
