"""Many log entries inserted at once land exactly where inserting them one by one puts them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.edit.log import format_entry, insert_entries, insert_entry

DAYS = st.integers(min_value=0, max_value=6).map(lambda n: dt.date(2026, 11, 1 + n))
HEAD = "---\nname: Ada\n---\n"


@st.composite
def contact_text(draw: st.DrawFn) -> str:
    """A contact with a log oldest-first, newest-first, empty, missing, or cut short."""
    dates = draw(st.lists(DAYS, max_size=5))
    shape = draw(st.sampled_from(["oldest", "newest", "as-is", "none"]))
    if shape != "as-is":
        dates.sort(reverse=shape == "newest")
    if shape == "none":
        return HEAD + "Notes only.\n"
    body = "Notes.\n\n## Log\n" + "".join(
        f"- {d.isoformat()}: old {i}\n" for i, d in enumerate(dates)
    )
    if draw(st.booleans()):
        body += "\n## Private\nsecret\n"
    elif draw(st.booleans()):
        body = body.rstrip("\n")  # no line break at the end of the file
    return HEAD + body


@settings(max_examples=300, deadline=None)
@given(contact_text(), st.lists(DAYS, min_size=1, max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_inserting_entries_at_once_is_inserting_them_one_after_another(
    text: str, days: list[dt.date], nl: str
) -> None:
    text = text.replace("\n", nl)
    new = [(format_entry(d, f"new {i}"), d) for i, d in enumerate(days)]
    one_by_one = text
    for line, day in sorted(new, key=lambda n: n[1]):
        one_by_one = insert_entry(one_by_one, len(HEAD.replace("\n", nl)), line, day, nl)
    assert insert_entries(text, len(HEAD.replace("\n", nl)), new, nl) == one_by_one
