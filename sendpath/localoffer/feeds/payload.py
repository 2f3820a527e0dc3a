"""Reading a feed's file as a whole: its records, or why it cannot be read."""

from __future__ import annotations

from typing import Any, Final

from sendpath.core import jsonsafe

MAX_BYTES: Final = 20 * 1024 * 1024  # per file or per page fetched


def parse_payload(payload: bytes | str | dict[str, Any] | list[Any]) -> list[Any]:
    """The records in a feed, or ValueError saying why the file as a whole cannot be read."""
    data: Any = payload
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_BYTES:
            raise ValueError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split the feed up"
            )
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError("The file is not JSON: it is not even text (UTF-8)") from None
    if isinstance(data, str):
        if not data.strip():
            raise ValueError("The file is empty: expected JSON from an Open Referral UK feed")
        data = jsonsafe.loads(data, max_bytes=MAX_BYTES)
    else:
        jsonsafe.check_depth(data)
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if "contents" in data:
            if not isinstance(data["contents"], list):
                raise ValueError(
                    "The feed's contents should be a list of services, but it is not a list"
                )
            return data["contents"]
        if "id" in data or "name" in data:
            return [data]
    raise ValueError(
        "The JSON is not an Open Referral UK feed: expected a page of services (an object with "
        "contents), a list of services, or one service"
    )
