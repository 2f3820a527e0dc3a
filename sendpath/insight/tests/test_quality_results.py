"""The quality audit's arithmetic, worked out by hand (no database)."""

from __future__ import annotations

from decimal import Decimal

from sendpath.insight.quality import results
from sendpath.insight.quality.results import GradeRow


def rows(auditor: str, agency: str, section: str, *pairs: tuple[int, int]) -> list[GradeRow]:
    return [GradeRow(auditor, agency, section, w, p) for w, p in pairs]


def test_a_section_grade_is_the_weighted_mean_of_its_criteria() -> None:
    # Weights 2 and 1, points 4 and 1: (2x4 + 1x1) / 3 = 3.0
    result = results.plan_result(rows("a", "education", "A", (2, 4), (1, 1)), {"A": 3})
    assert result.sections["A"].by_auditor["a"] == Decimal(3)
    assert result.sections["A"].points == Decimal(3)


def test_grades_one_apart_are_averaged_and_need_no_moderation() -> None:
    grades = rows("a", "education", "E", (1, 3)) + rows("b", "health", "E", (1, 2))
    section = results.plan_result(grades, {"E": 1}).sections["E"]
    assert not section.disagree
    assert section.points == Decimal("2.5")
    assert results.grade_of(section.points) == 3  # half-up


def test_grades_more_than_one_apart_wait_for_moderation_then_take_the_agreed_grade() -> None:
    grades = rows("a", "education", "F", (1, 4)) + rows("b", "health", "F", (1, 2))
    waiting = results.plan_result(grades, {"F": 1})
    assert waiting.sections["F"].disagree
    assert waiting.sections["F"].points is None
    assert waiting.awaiting_moderation == ["F"]
    assert waiting.overall is None
    moderated = results.plan_result(grades, {"F": 1}, {"F": 3})
    assert moderated.sections["F"].points == Decimal(3)
    assert moderated.awaiting_moderation == []


def test_one_and_a_half_grades_apart_is_more_than_one() -> None:
    # Weighted means 3.0 and 1.5: a gap of 1.5 > 1.
    grades = rows("a", "education", "B", (1, 3), (1, 3)) + rows("b", "health", "B", (1, 1), (1, 2))
    assert results.plan_result(grades, {"B": 2}).sections["B"].disagree


def test_the_overall_result_weights_each_section_by_its_criteria() -> None:
    grades = rows("a", "education", "A", (1, 4)) + rows("a", "education", "F", (3, 2))
    result = results.plan_result(grades, {"A": 1, "F": 3})
    # (1x4 + 3x2) / 4 = 2.5
    assert result.overall == Decimal("2.5")


def test_results_by_section_average_and_count_each_grade() -> None:
    plans = [
        results.plan_result(rows("a", "education", "A", (1, p)), {"A": 1}) for p in (4, 3, 3, 1)
    ]
    summary = results.by_section(plans, ["A", "B"])
    assert summary[0].plans == 4
    assert summary[0].average == 2.8  # 11 / 4 = 2.75, half-up
    assert summary[0].distribution == {4: 1, 3: 2, 2: 0, 1: 1}
    assert summary[1].plans == 0
    assert summary[1].average is None


def test_results_by_agency_average_each_audit() -> None:
    grades = (
        rows("a", "education", "A", (1, 4), (1, 2))  # 3.0
        + rows("b", "education", "A", (1, 2))  # 2.0
        + rows("c", "health", "A", (2, 1), (1, 4))  # 2.0
    )
    found = results.by_agency(grades)
    assert found["education"].plans == 2
    assert found["education"].average == 2.5
    assert found["health"].average == 2.0
