"""The hall's waiting spots (等候位) and the spacing (间隔) between the people on them.

The hall's capacity is the largest set of in-use spots whose every two members
are at least the spacing apart. Finding the true maximum is hard in general, so
a greedy pass in reading order (which is exact on regular grids) is improved by
swapping one chosen spot for two until no swap helps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache

from kiosk.foundation.config import HallSettings
from kiosk.queue.model import Spot

# Distances are compared with this slack so that 1.0 m on a 0.5 m grid counts as 1.0 m.
EPSILON = 1e-9


def layout_spots(hall: HallSettings) -> list[Spot]:
    """The spots the config describes, numbered from 1 in reading order."""
    if hall.layout == "grid":
        points = [(column * hall.pitch_m, row * hall.pitch_m)
                  for row in range(hall.rows) for column in range(hall.columns)]
    else:
        points = list(hall.spots)
    return [Spot(index, round(x, 3), round(y, 3)) for index, (x, y) in enumerate(points, start=1)]


def apart(a: Spot, b: Spot, spacing: float) -> bool:
    return math.hypot(a.x - b.x, a.y - b.y) >= spacing - EPSILON


def usable_spots(spots: Iterable[Spot], spacing: float) -> tuple[Spot, ...]:
    """The largest set of in-use spots found whose members are pairwise ``spacing`` apart."""
    candidates = tuple(sorted((s for s in spots if s.in_use), key=lambda s: (s.y, s.x, s.id)))
    return _usable(candidates, spacing)


@lru_cache(maxsize=32)
def _usable(candidates: tuple[Spot, ...], spacing: float) -> tuple[Spot, ...]:
    conflicts = _conflicts(candidates, spacing)
    chosen: set[int] = set()
    for spot in candidates:
        if not conflicts[spot.id] & chosen:
            chosen.add(spot.id)
    while _swap_one_for_two(conflicts, chosen):
        pass
    return tuple(s for s in candidates if s.id in chosen)


def _conflicts(candidates: Sequence[Spot], spacing: float) -> dict[int, set[int]]:
    """For each spot, the spots closer than ``spacing``; buckets keep big halls fast."""
    cell = max(spacing, EPSILON)
    buckets: dict[tuple[int, int], list[Spot]] = {}
    for spot in candidates:
        buckets.setdefault((math.floor(spot.x / cell), math.floor(spot.y / cell)), []).append(spot)
    conflicts: dict[int, set[int]] = {}
    for spot in candidates:
        bx, by = math.floor(spot.x / cell), math.floor(spot.y / cell)
        near = (o for dx in (-1, 0, 1) for dy in (-1, 0, 1) for o in buckets.get((bx + dx, by + dy), ()))
        conflicts[spot.id] = {o.id for o in near if o.id != spot.id and not apart(spot, o, spacing)}
    return conflicts


def _swap_one_for_two(conflicts: dict[int, set[int]], chosen: set[int]) -> bool:
    """Replace one chosen spot by two that only it blocked; True if that was possible."""
    for removed in sorted(chosen):
        freed = sorted(n for n in conflicts[removed] if n not in chosen and conflicts[n] & chosen == {removed})
        for i, first in enumerate(freed):
            for second in freed[i + 1:]:
                if second not in conflicts[first]:
                    chosen.discard(removed)
                    chosen.update((first, second))
                    return True
    return False


def free_spot(usable: Sequence[Spot], occupied: Iterable[Spot], spacing: float) -> Spot | None:
    """The first usable spot that is free and ``spacing`` away from every occupied spot."""
    taken = list(occupied)
    taken_ids = {s.id for s in taken}
    usable_ids = {s.id for s in usable}
    # Usable spots are already apart from each other: only people left on other spots (the
    # layout or spacing changed under them) need measuring.
    strays = [s for s in taken if s.id not in usable_ids]
    for spot in usable:
        if spot.id not in taken_ids and all(apart(spot, other, spacing) for other in strays):
            return spot
    return None
