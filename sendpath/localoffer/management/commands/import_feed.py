"""``manage.py import_feed (FILE | --url URL) --label "Theirshire Council" --as USERNAME``.

Imports another authority's Open Referral UK 3.0 feed into the Local Offer (see the package
``sendpath/localoffer/feeds/``). Only an administrator's account may be named with ``--as``: the
import is recorded and audited as theirs. Prints the counts and every problem found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.localoffer import feeds


class Command(BaseCommand):
    help = (
        "Import another authority's Open Referral UK 3.0 feed into the Local Offer, from a JSON "
        "file or a web address. Only an administrator may run it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="a JSON file of the feed")
        parser.add_argument("--url", help="the feed's web address (its /services endpoint)")
        parser.add_argument(
            "--label", required=True, help="whose services these are, e.g. the council's name"
        )
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="the username of the administrator doing the import",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        file, url = options["file"], options["url"]
        if bool(file) == bool(url):
            raise CommandError("Give either a file or --url, not both and not neither")
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"There is no active user called {options['username']}")
        if not user.has_perm("localoffer.import_feed"):
            raise CommandError(
                f"{user.get_username()} may not import feeds: only an administrator may"
            )
        try:
            if url:
                source = url.strip()
                payload: Any = feeds.fetch_feed(source)
            else:
                path = Path(file)
                if not path.is_file():
                    raise CommandError(f"{path} does not exist or is not a file")
                if path.stat().st_size > feeds.MAX_BYTES:
                    raise CommandError(
                        f"{path} is larger than {feeds.MAX_BYTES // (1024 * 1024)} MB"
                    )
                source = path.name
                payload = path.read_bytes()
            imp = feeds.feed_import(
                actor=user, source=source, label=options["label"], payload=payload
            )
        except ValueError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        self.stdout.write(
            f"Imported the feed of {imp.label} from {imp.source}: {imp.created_count} added, "
            f"{imp.updated_count} updated, {imp.skipped_count} skipped"
        )
        for problem in imp.problems:
            what = "skipped" if problem.get("kind") == feeds.SKIPPED else "note"
            where = f", {problem['field']}" if problem.get("field") else ""
            self.stdout.write(
                f"  {problem.get('record') or 'feed'}{where} ({what}): {problem['message']}"
            )
