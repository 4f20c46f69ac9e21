"""The method's thresholds: flat keys of the `kith` section, each validated with a clear message."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class ThresholdError(ValueError):
    """A threshold in the `kith` section is out of range or inconsistent."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every number the relationship pages use; defaults are the method's."""

    max_hops: int = 4
    alternatives: int = 2
    due_soon_days: int = 7
    cooling_strength: int = 4
    cooling_factor: int = 2
    ask_after: int = 3
    ready_strength: int = 3
    ready_after_days: int = 30
    ask_gap_days: int = 90
    target_list_min: int = 20
    target_list_max: int = 30
    short_list_min: int = 5
    short_list_max: int = 10
    short_list_influence: int = 4
    short_list_strength: int = 4
    influential: int = 4
    max_suggestions: int = 10
    dead_end_strength: int = 1
    dead_end_interactions: int = 1
    dead_end_days: int = 180
    dashboard_actions: int = 10
    network_max_people: int = 80
    follow_up_rows: int = 100
    # The method, deeper: each tie's own rhythm, dormant ties, closeness, introductions.
    rhythm_interactions: int = 4
    rhythm_gaps: int = 6
    fading_factor: int = 4
    dormant_years: int = 3
    reconnect_strength: int = 3
    reconnect_interactions: int = 10
    direct_strength: int = 3
    patient_strength: int = 4
    give_gap_days: int = 90
    intro_pending_days: int = 30


# The allowed range of each threshold: a value outside it is a mistake, not a preference.
RANGES: Mapping[str, tuple[int, int]] = {
    "max_hops": (1, 6),
    "alternatives": (0, 5),
    "due_soon_days": (0, 365),
    "cooling_strength": (0, 5),
    "cooling_factor": (1, 100),
    "ask_after": (0, 1000),
    "ready_strength": (0, 5),
    "ready_after_days": (0, 3650),
    "ask_gap_days": (0, 3650),
    "target_list_min": (0, 10_000),
    "target_list_max": (0, 10_000),
    "short_list_min": (0, 10_000),
    "short_list_max": (0, 10_000),
    "short_list_influence": (1, 5),
    "short_list_strength": (0, 5),
    "influential": (1, 5),
    "max_suggestions": (0, 1000),
    "dead_end_strength": (0, 5),
    "dead_end_interactions": (0, 1000),
    "dead_end_days": (0, 3650),
    "dashboard_actions": (0, 100),
    "network_max_people": (10, 1000),
    "follow_up_rows": (1, 100_000),
    "rhythm_interactions": (3, 1000),
    "rhythm_gaps": (2, 100),
    "fading_factor": (2, 100),
    "dormant_years": (1, 50),
    "reconnect_strength": (1, 5),
    "reconnect_interactions": (1, 10_000),
    "direct_strength": (1, 5),
    "patient_strength": (1, 5),
    "give_gap_days": (0, 3650),
    "intro_pending_days": (1, 3650),
}

THRESHOLD_KEYS = tuple(f.name for f in dataclasses.fields(Thresholds))
_PAIRS = (("target_list_min", "target_list_max"), ("short_list_min", "short_list_max"))


def thresholds_from_mapping(raw: Mapping[str, Any]) -> Thresholds:
    """Pick the threshold keys out of the `kith` section and validate each one."""
    values = {key: _whole(key, raw[key]) for key in THRESHOLD_KEYS if key in raw}
    result = Thresholds(**values)
    for low, high in _PAIRS:
        if getattr(result, low) > getattr(result, high):
            raise ThresholdError(
                f"kith setting '{low}' ({getattr(result, low)}) must not be above "
                f"'{high}' ({getattr(result, high)})"
            )
    return result


def _whole(key: str, value: object) -> int:
    low, high = RANGES[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ThresholdError(
            f"kith setting '{key}' must be a whole number from {low} to {high} (got {value!r})"
        )
    return value
