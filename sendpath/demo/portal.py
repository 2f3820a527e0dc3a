"""The families' side in the demo: what the demo's young person told us once ("All about me"),
so their own pages and the caseworker's (the case, its advice, section A, the review) show a
family's words after ``make run``; and the messages the two family accounts were sent about
their cases' latest steps, so the caseworker's "Messages to the family" page has some.

All about me is made with the model (inside ``load_demo``'s transaction): one version, written
by the young person themselves two weeks before the demo's today. The messages are made by the
portal's own service, as a recorded step makes them (the local Notify backend keeps them).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sendpath.ehc.models import CaseEvent
from sendpath.people.models import Child
from sendpath.portal.messages.services import family_messages_for_step
from sendpath.portal.models import AllAboutMe, Writer

LATEST_STEPS = 3  # the messages about each family account's latest steps


def load_portal(*, today: dt.date) -> list[str]:
    """Make the demo's family words (inside the caller's transaction); lines for the summary."""
    own = Child.objects.filter(young_person_user__username="youngperson").first()
    if own is None:
        return []
    written = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=14), dt.time(19)))
    version = AllAboutMe.objects.create(
        child=own,
        number=1,
        written_by=Writer.YOUNG_PERSON,
        writer_name=own.full_name,
        about_me="I am loyal to my friends and I work hard when something matters to me.",
        important_now="Finishing my college course and getting a Saturday job.",
        find_hard="Busy corridors, and being asked to answer out loud without warning.",
        helps="Knowing the plan for the day, and a quiet place to go at lunch.",
        does_not_help="People talking about me as if I am not there.",
        communication="I prefer messages to phone calls. Give me time to think before I answer.",
        hopes="To work with animals, and to live in my own flat one day.",
        likes=["animals", "music", "outside"],
        hard_things=["noise", "talking"],
        helpers=["quiet", "timetable", "time"],
    )
    AllAboutMe.objects.filter(pk=version.pk).update(created_at=written, modified_at=written)
    sent = 0
    for child in (own, Child.objects.filter(family__user__username="parent").first()):
        steps = CaseEvent.objects.filter(case__child=child, case__closed_at__isnull=True)
        for step in reversed(steps.order_by("-date", "-id")[:LATEST_STEPS]):
            sent += len(family_messages_for_step(case_id=step.case_id, event_id=step.pk))
    return [
        f"All about me: told once by {own.full_name} (the young person's demo account)",
        f"Messages to the two family accounts about their latest steps: {sent}",
    ]
