"""DfE's published appeal rate table read as it is (title rows, a row of years, region
headings, '-' for none, '..' for not available)."""

from __future__ import annotations

from sendpath.insight.oversight import appeal_rate
from sendpath.insight.oversight.appeal_rate import ENGLAND, AppealRate


def test_england_2024_and_known_cells():
    assert appeal_rate.rate(ENGLAND, "2024") == AppealRate("2024", 22_276, 689_739, 3.2)
    assert appeal_rate.rate(ENGLAND, "2014") == AppealRate("2014", 4_108, 251_096, 1.6)
    assert appeal_rate.rate("390", "2024") == AppealRate("2024", 133, 2_065, 6.4)  # Gateshead
    assert appeal_rate.years()[0] == "2014"
    assert appeal_rate.years()[-1] == "2024"


def test_a_dash_is_none_registered_and_dots_are_missing():
    assert appeal_rate.rate("841", "2014") == AppealRate("2014", 0, 450, 0.0)  # Darlington
    # Cumberland did not exist before 2023: '..' is missing, never zero.
    assert appeal_rate.rate("942", "2014") == AppealRate("2014", None, None, None)
    assert appeal_rate.rate("942", "2023") == AppealRate("2023", 29, 2_803, 1.0)


def test_headings_and_notes_are_not_rows():
    table = appeal_rate.table()
    assert "999" not in table
    assert all(len(code) == 3 or code == ENGLAND for code in table)
    assert appeal_rate.rate("999", "2024") is None


def test_parse_a_small_table():
    lines = [
        ["Title"],
        [],
        ["Local Authority", "LA code", "2023", "", "", "2024", "", ""],
        ["", "", "Appeals", "Decisions", "Rate", "Appeals", "Decisions", "Rate"],
        ["NORTH", "", "", "", "", "", "", ""],
        ["Somewhere", "123", " - ", "1,000", "0.00%", "12", "1,200", "1.00%"],
        ["England Total4,9", "", "5", "10", "50.00%", "~", "..", ""],
        ["England total excluding suppressed", "", "", "", "", "1", "", ""],
    ]
    table = appeal_rate.parse(lines)
    assert table["123"]["2023"] == AppealRate("2023", 0, 1000, 0.0)
    assert table["123"]["2024"] == AppealRate("2024", 12, 1200, 1.0)
    assert table[ENGLAND]["2024"] == AppealRate("2024", None, None, None)
    assert set(table) == {"123", ENGLAND}


def test_a_missing_folder_gives_nothing(settings):
    settings.DFE_PUBLISHED_DIR = "/nonexistent-folder-of-dfe-files"
    assert appeal_rate.table() == {}
    assert appeal_rate.rate(ENGLAND, "2024") is None
