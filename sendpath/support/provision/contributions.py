"""What provision adds to the pages of the apps below it (``sendpath.core.registry``)."""

from __future__ import annotations

from sendpath.core import registry

from ..money import pounds
from . import presenters, selectors


def register() -> None:
    registry.add_nav(
        registry.Nav(
            "support:settings", "SEN support threshold", perm="support.set_threshold", order=185
        ),
    )
    # "My Story" for any page that shows the child's views (support/provision/_my_story.html).
    registry.add_template_global("support_my_story", selectors.my_story)
    # The costed provision map for any page that shows it (support/provision/_provision_map.html).
    registry.add_template_global("provision_map_today", presenters.provision_map_today)
    registry.add_template_global("provision_how_often", presenters.how_often)
    registry.add_template_global("provision_rate", presenters.rate)
    registry.add_template_global("provision_pounds", pounds)
