"""Fetching a feed from the web, following its pages."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from typing import Any, Final, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sendpath.core import jsonsafe

from .payload import MAX_BYTES, parse_payload

USER_AGENT: Final = "sendpath-local-offer-import/1.0"


def _opener() -> urllib.request.OpenerDirector:
    """http and https only, redirects included (never file: or ftp:)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


def _with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", str(page)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _get_json(url: str, timeout: float) -> Any:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked by fetch_feed
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            status = getattr(response, "status", 200)
            if status != 200:
                raise ValueError(f"The feed at {url} answered with status {status}, not 200 (OK)")
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ValueError(
            f"The feed at {url} answered with status {error.code} ({error.reason}), not 200 (OK)"
        ) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise ValueError(
                f"The feed at {url} did not answer within {timeout:g} seconds"
            ) from None
        raise ValueError(f"Could not reach the feed at {url}: {reason}") from None
    except TimeoutError:
        raise ValueError(f"The feed at {url} did not answer within {timeout:g} seconds") from None
    except (http.client.HTTPException, OSError) as error:
        raise ValueError(f"Could not read the feed at {url}: {error}") from None
    if len(body) > MAX_BYTES:
        raise ValueError(
            f"The feed at {url} sent more than {MAX_BYTES // (1024 * 1024)} MB in one page"
        )
    try:
        return jsonsafe.loads(body, max_bytes=MAX_BYTES, encoding="utf-8-sig")
    except ValueError as error:
        if str(error).startswith("The file nests"):
            raise ValueError(f"The feed at {url} sent JSON that cannot be read: {error}") from None
        raise ValueError(f"The feed at {url} did not send JSON") from None


def fetch_feed(url: str, *, timeout: float = 20, max_pages: int = 200) -> list[dict[str, Any]]:
    """Every service record of a feed, following its pages (``?page=2`` and on).

    Records are returned as found (even ones that are not objects), so ``feed_import`` can report
    each bad one. ValueError says what went wrong: a bad address, no answer, not 200, not JSON.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise ValueError("Give a web address starting http:// or https://")
    first = _get_json(url, timeout)
    if not isinstance(first, dict) or "contents" not in first:
        return cast(list[dict[str, Any]], parse_payload(first))
    records: list[Any] = []
    body: Any = first
    page = 1
    previous: list[Any] | None = None
    while True:
        contents = body.get("contents") if isinstance(body, dict) else None
        if not isinstance(contents, list):
            raise ValueError(f"Page {page} of the feed at {url} is not a page of services")
        if previous is not None and contents and contents == previous:
            raise ValueError(
                f"The feed at {url} sent the same services for page {page} as for page "
                f"{page - 1}: it may not support ?page="
            )
        records.extend(contents)
        total_pages = body.get("total_pages")
        if (
            body.get("last_page") is True
            or not contents
            or (isinstance(total_pages, int) and page >= total_pages)
            or ("last_page" not in body and not isinstance(total_pages, int))
        ):
            break
        if page >= max_pages:
            raise ValueError(
                f"The feed at {url} has more than {max_pages} pages: nothing was imported"
            )
        previous = contents
        page += 1
        body = _get_json(_with_page(url, page), timeout)
    return cast(list[dict[str, Any]], records)
