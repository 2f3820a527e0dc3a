"""Bounded JSON: size and depth are checked before anything recurses."""

from __future__ import annotations

import pytest

from sendpath.core import jsonsafe


def test_reads_ordinary_json():
    assert jsonsafe.loads(b'{"a": [1, {"b": "[[[[{{{"}]}', max_bytes=100) == {
        "a": [1, {"b": "[[[[{{{"}]
    }


def test_brackets_inside_strings_do_not_count():
    assert jsonsafe.nesting_depth('{"a": "[[[[[[[[", "b": "\\\\\\"[[["}') == 1


@pytest.mark.parametrize("depth", [65, 1_000, 200_000])
def test_deep_nesting_is_refused_without_recursing(depth):
    with pytest.raises(ValueError, match="more than 64 levels deep"):
        jsonsafe.loads("[" * depth + "]" * depth, max_bytes=10**7)


def test_unclosed_deep_nesting_is_refused_too():
    with pytest.raises(ValueError, match="levels deep"):
        jsonsafe.loads(b"{" * 100_000, max_bytes=10**7)


def test_size_is_checked_first():
    with pytest.raises(ValueError, match="larger than 1 KB"):
        jsonsafe.loads(b" " * 2048, max_bytes=1024)


def test_not_json_says_where():
    with pytest.raises(ValueError, match="line 1, column"):
        jsonsafe.loads(b"{nope", max_bytes=100)
    with pytest.raises(ValueError, match="not text"):
        jsonsafe.loads(b"\xff\xfe", max_bytes=100)


def test_parsed_data_depth_is_checked_without_recursing():
    data: list = []
    for _ in range(10_000):
        data = [data]
    with pytest.raises(ValueError, match="levels deep"):
        jsonsafe.check_depth(data)
    jsonsafe.check_depth({"a": [[1]]})
