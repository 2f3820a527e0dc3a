"""DfE's published figures are read as INSIGHT.md says (the headline England 2024 figures)."""

from __future__ import annotations

import pytest

from sendpath.insight import published

pytestmark = pytest.mark.skipif(
    published.folder() is None,
    reason="DfE's published files are not beside this checkout (DFE_PUBLISHED_DIR)",
)


def england(stem: str, column: str, period: str = "2024") -> float | None:
    return published.value(stem, column, time_period=period, level=published.NATIONAL)


def test_the_headline_england_figures_of_2024():
    assert england("requests", "requests_received_in_year") == 154_489
    assert england("requests", "requests_decided_to_assess") == 101_045
    assert england("requests", "request_assess_pc") == 65.4
    assert england("assessments", "assess_in_year") == 105_340
    assert england("assessments", "assess_issued") == 98_547
    assert england("assessments", "assess_issued_pc") == 93.6
    assert england("newplans", "new_ehc_plans") == 97_747
    assert england("timeliness_20_week", "pc_plans_issued_within_20_weeks") == 45.9
    assert england("timeliness_20_week", "PC_plans_issued_20_weeks_ex") == 46.4
    assert england("timeliness_20_week", "plans_issued_den") == 90_392


def test_missing_cells_are_none_never_zero():
    # Every published file marks some cells x, z, c or low; none of them reads as 0.
    values = [
        v
        for row in published.rows("requests")
        for k, v in row.values.items()
        if k == "requests_rya"
    ]
    assert None in values


def test_rows_are_deduplicated():
    keys = [
        (r.time_period, r.level, r.region_code, r.la_code, r.topic, r.breakdown)
        for r in published.rows("sen_need_newplans")
    ]
    assert len(keys) == len(set(keys))


def test_an_authority_and_its_region():
    region = published.region_of("390")  # Gateshead
    assert region is not None
    assert region.name == "North East"
    row = published.find("requests", time_period="2024", level=published.REGIONAL, code=region.code)
    assert row is not None
    assert (row.get("requests_received_in_year") or 0) > 0
    assert published.authority_name("390") == "Gateshead"
    assert published.region_of("999") is None


def test_a_missing_folder_gives_no_figures(settings):
    settings.DFE_PUBLISHED_DIR = "/nonexistent-folder-of-dfe-files"
    assert published.folder() is None
    assert published.rows("requests") == ()
    assert england("requests", "requests_received_in_year") is None
