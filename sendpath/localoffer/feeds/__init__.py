"""Importing another authority's Open Referral UK 3.0 feed into our Local Offer.

``feed_import`` takes a page of services (``{"contents": [...]}``), a list of services or one
service, each fully nested as ``GET /services/{id}`` gives it. Each record is checked against the
bundled ORUK ``service.json`` schema and against what our Local Offer needs (a name, a
description, ages within 0 to 25, a UK postcode for each place). A bad record is reported by its
id (or its position, "record 3") with the field and a plain-English message, and skipped; the
good ones are added, or update what an earlier import of the same feed (same label, same record
id) added. A file that is not JSON, or not shaped like ORUK at all, raises ``ValueError`` and
writes nothing.

``fetch_feed`` reads a feed from a web address, following its pages. ``feed_import`` runs an
import at once (the command); the pages queue one to run in the background instead
(``sendpath.localoffer.tasks``), which then calls ``import_records``.

The modules, each importing only those listed before it:

- ``payload``: reading a file as a whole (``parse_payload``);
- ``fetch``: fetching a feed from a web address, page by page (``fetch_feed``);
- ``records``: what is kept of a record (``Problem``, ``Place``, ``Checked``, ``Terms``);
- ``checks``: one record checked (``RecordCheck``);
- ``saving``: checked records saved (``Saver``);
- ``importing``: the import run (``feed_import``, ``import_records``, ``checked_label``).
"""

from .checks import DEFAULT_CATEGORY, LATITUDES, LONGITUDES, MAX_AGE, RecordCheck
from .fetch import USER_AGENT, fetch_feed
from .importing import MAX_PROBLEMS, checked_label, feed_import, import_records
from .payload import MAX_BYTES, parse_payload
from .records import NOTE, SKIPPED, Checked, Place, Problem, Terms
from .saving import Saver

__all__ = [
    "DEFAULT_CATEGORY",
    "LATITUDES",
    "LONGITUDES",
    "MAX_AGE",
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "NOTE",
    "SKIPPED",
    "USER_AGENT",
    "Checked",
    "Place",
    "Problem",
    "RecordCheck",
    "Saver",
    "Terms",
    "checked_label",
    "feed_import",
    "fetch_feed",
    "import_records",
    "parse_payload",
]
