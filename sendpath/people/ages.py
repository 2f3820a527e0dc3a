"""The ages the law turns on: a record is for 0 to 25, a young person is over compulsory school
age and under 25 (Children and Families Act 2014, s.83(2)).

Plain date arithmetic, no database: used by the child record, the request intake and the plan.
"""

from __future__ import annotations

import datetime as dt

from sendpath.core.formatting import age

# A child record is for children and young people aged 0 to 25: a plan may be kept until the
# end of the academic year in which the young person turns 25 (CFA 2014 s.46), never past 26.
RECORD_AGE_LIMIT = 26
# A young person is under 25 (CFA 2014 s.83(2)).
YOUNG_PERSON_AGE_LIMIT = 25


def birthday(date_of_birth: dt.date, years: int) -> dt.date:
    """The day someone turns ``years`` (born on 29 February: 1 March in other years)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:
        return dt.date(date_of_birth.year + years, 3, 1)


def too_old_for_a_record(date_of_birth: dt.date, on: dt.date) -> bool:
    """26 or over on the day: too old for a child or young person's record."""
    return (age(date_of_birth, on) or 0) >= RECORD_AGE_LIMIT


def last_friday_of_june(year: int) -> dt.date:
    day = dt.date(year, 6, 30)
    return day - dt.timedelta(days=(day.weekday() - 4) % 7)


def over_compulsory_school_age(date_of_birth: dt.date, on: dt.date) -> bool:
    """A young person in law (CFA s.83(2)): past the school leaving date of the school year in
    which they turn 16, the last Friday in June."""
    year16 = date_of_birth.year + 16
    turns_16_in_autumn = date_of_birth.month >= 9
    leaving = last_friday_of_june(year16 + 1 if turns_16_in_autumn else year16)
    return on > leaving


def is_young_person(date_of_birth: dt.date, on: dt.date) -> bool:
    """Over compulsory school age and under 25 on the day (CFA 2014 s.83(2))."""
    return (
        over_compulsory_school_age(date_of_birth, on)
        and (age(date_of_birth, on) or 0) < YOUNG_PERSON_AGE_LIMIT
    )


def young_people_born_by(on: dt.date) -> dt.date:
    """The latest date of birth of someone over compulsory school age on the day: everyone born
    on or before it is a young person in law (or older), everyone born after it a child.

    A school year's pupils (born 1 September to 31 August) all leave on the same day, the last
    Friday in June of the year the youngest turn 16: ``over_compulsory_school_age`` as a filter.
    """
    if on > last_friday_of_june(on.year):
        return dt.date(on.year - 16, 8, 31)
    return dt.date(on.year - 17, 8, 31)
