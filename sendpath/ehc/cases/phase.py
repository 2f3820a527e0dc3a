"""Year groups and the phase transfer they bring, worked out from the date of birth.

A plan must be reviewed and amended before 15 February of the calendar year a child moves from
Year 6 to Year 7, and before 31 March of the year a young person moves from Year 11 to post-16
education (SEND Regulations 2014 reg 18(1); SEND Code of Practice 9.179). So every plan of a
child in Year 6 or Year 11 carries a phase transfer without anyone recording it by hand.
"""

from __future__ import annotations

import datetime as dt

# The year group in the school year before the transfer, and the kind of transfer it brings.
TRANSFER_YEAR_GROUPS = {6: "school", 11: "post16"}


def curriculum_year(date_of_birth: dt.date, on: dt.date) -> int:
    """The National Curriculum year group on a date (Year 1 = aged 5 on 31 August before)."""
    start = on.year if (on.month, on.day) >= (9, 1) else on.year - 1
    born = date_of_birth
    age_at_start = start - born.year - (1 if (born.month, born.day) > (8, 31) else 0)
    return age_at_start - 4


def transfer_year(today: dt.date) -> int:
    """The transfer round being worked on: this calendar year until 31 March, then next."""
    return today.year if (today.month, today.day) <= (3, 31) else today.year + 1


def automatic_transfer(date_of_birth: dt.date, as_of: dt.date) -> tuple[int, str] | None:
    """The phase transfer (year, kind) of the round being worked on for a child in Year 6 or
    Year 11 in the school year before it (reg 18(1); CoP 9.179), or None."""
    year = transfer_year(as_of)
    kind = TRANSFER_YEAR_GROUPS.get(curriculum_year(date_of_birth, dt.date(year - 1, 9, 1)))
    return None if kind is None else (year, kind)
