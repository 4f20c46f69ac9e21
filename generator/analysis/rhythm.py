"""Each relationship's own rhythm, and the silence that means it is fading or dormant.

Ties decay when the silence grows long relative to the tie's own rhythm: on a large phone data
set, a tie silent for more than about 8 times its previous gap had most likely decayed (Navarro,
Miritello, Canales & Moro, EPJ Data Science 2017). Kith warns at `fading_factor` (4) times the
rhythm, half-way there: communication is bursty, so a gap of 2 or 3 times the usual one is
ordinary, while 4 times leaves as long again to reconnect before the tie is most likely lost.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

from ..model import Interaction
from ..thresholds import Thresholds


def find_rhythm(log: Iterable[Interaction], today: dt.date, thresholds: Thresholds) -> int | None:
    """Return the median of the recent gaps in days between days with an entry; None: too few.

    Only days up to `today` count; several entries on one day are one interaction. An even
    number of gaps takes the mean of the middle two, rounded up.
    """
    return rhythm_of_days(sorted({entry.date for entry in log if entry.date <= today}), thresholds)


def rhythm_of_days(days: Sequence[dt.date], thresholds: Thresholds) -> int | None:
    """Return the rhythm of distinct days with an entry, in order (see `find_rhythm`)."""
    if len(days) < thresholds.rhythm_interactions:
        return None
    recent_days = days[-thresholds.rhythm_gaps - 1 :]
    recent = sorted((b - a).days for a, b in itertools.pairwise(recent_days))
    middle = len(recent) // 2
    if len(recent) % 2:
        return recent[middle]
    return -(-(recent[middle - 1] + recent[middle]) // 2)


def years_before(day: dt.date, years: int) -> dt.date:
    """Return the same day `years` earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def is_dormant(last_contact: dt.date | None, today: dt.date, thresholds: Thresholds) -> bool:
    """True when the last contact is at least `dormant_years` before today."""
    return last_contact is not None and last_contact <= years_before(
        today, thresholds.dormant_years
    )


def is_fading(
    rhythm: int | None,
    days_since: int | None,
    cadence: int,
    last_contact: dt.date | None,
    today: dt.date,
    thresholds: Thresholds,
) -> bool:
    """True when the silence passes `fading_factor` times the rhythm, before it is dormant.

    A contact with cadence 0 (never remind) is never fading.
    """
    return (
        cadence > 0
        and rhythm is not None
        and days_since is not None
        and days_since > thresholds.fading_factor * rhythm
        and not is_dormant(last_contact, today, thresholds)
    )
