"""The English our pages and messages are written in: counts and dates, said one way everywhere."""

from __future__ import annotations

import datetime as dt


def count(number: int, noun: str, plural: str | None = None) -> str:
    """'1 paper', '2,415 papers', '3 entries' (plural given when it is not noun + 's')."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def long_date(date: dt.date) -> str:
    """'12 March 2026': day first, no leading zero, as the digest pages title it."""
    return f"{date.day} {date.strftime('%B %Y')}"


def month_name(month: str) -> str:
    """'2026-03' as 'March 2026'."""
    return dt.date.fromisoformat(month + "-01").strftime("%B %Y")
