"""How the Visits heading and its PDF say the time between two visits (:func:`viz.report.time_later`): days alone for a
short gap, months or years first for a long one ("3793 days later" had to be worked out to read as ten years)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from viz.report import DAYS_ALONE, MONTH_DAYS, time_later, visit_dates

_ABOUT = re.compile(r"about (\d+) (months|years) \((\d+) days\) later")


def test_a_gap_of_ten_years_reads_in_years_with_its_days() -> None:
    heading = visit_dates(dt.date(2016, 3, 1), dt.date(2026, 5, 2))[0]
    days = (dt.date(2026, 5, 2) - dt.date(2016, 3, 1)).days
    assert heading.endswith(f"about 10 years ({days} days) later)"), heading


def test_short_gaps_read_in_days_alone_and_longer_ones_in_months_or_years_with_the_days() -> None:
    for days in range(1, DAYS_ALONE):
        assert time_later(days) == f"{days} day{'' if days == 1 else 's'} later"
    last = 0.0
    for days in range(DAYS_ALONE, 8000, 7):
        match = _ABOUT.fullmatch(time_later(days))
        assert match is not None, time_later(days)
        amount, unit, said_days = int(match[1]), match[2], int(match[3])
        assert said_days == days  # the exact count is kept, in brackets
        months = amount * (12 if unit == "years" else 1)
        assert abs(months - days / MONTH_DAYS) <= (6 if unit == "years" else 0.5)  # "about" within half its unit
        assert months >= last  # never fewer for a longer gap
        last = months
    assert time_later(92) == "about 3 months (92 days) later" and time_later(0) == "the same day"


def test_a_negative_gap_is_an_error() -> None:
    with pytest.raises(ValueError, match="days must be 0 or more"):
        time_later(-1)
