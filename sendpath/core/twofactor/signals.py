"""At each sign-in, note whether the session owes a second factor."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import policy


@receiver(user_logged_in)
def _note_second_factor(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if policy.needs_second_factor(user):
        request.session.pop(policy.STATE, None)
    else:
        # Nothing more to give: the sign-in is complete, so its failed attempts are cleared.
        request.session[policy.STATE] = policy.NOT_NEEDED
        axes_reset(username=user.get_username())
