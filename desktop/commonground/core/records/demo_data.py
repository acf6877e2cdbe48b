"""The fictional world every kind's demo records live in: sites with their wards, people,
and quick weighted draws. Everything here is invented."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random

YEARS = 3       # demo records spread over this many years before now


def weights(table: dict) -> tuple[tuple, tuple]:
    # Cumulative weights made once: random.choices rebuilds them on every call, which
    # was most of the time spent making 100,000 reports.
    return tuple(table), tuple(itertools.accumulate(table.values()))


def pick(rng: random.Random, weighted: tuple):
    codes, cumulative = weighted
    return codes[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def some(rng: random.Random, weighted: tuple, count: int) -> list:
    """``count`` distinct codes, in the order the form lists them."""
    chosen: set = set()
    while len(chosen) < count:
        chosen.add(pick(rng, weighted))
    return [code for code in weighted[0] if code in chosen]


SITES = {site: (prefix, tuple(f"{name} {kind}" for name in names.split()))
         for site, prefix, names, kind in (  # site, patient identifier prefix, wards
             ("Riverside Hospital", "RH", "Cedar Oak Willow Birch Hazel", "Ward"),
             ("Larkspur House", "LH", "Heron Kingfisher Curlew Plover Wren", "Ward"),
             ("Brackenmoor Centre", "BC", "Amber Jade Coral Opal Garnet", "Unit"))}
PEOPLE = tuple(
    "Alex Merrow, Priya Halloway, Tomasz Wrenfield, Amara Quillon, Dylan Ashgrove, "
    "Bethan Corriel, Kwame Tillbrook, Siân Pellowe, Joanna Fairholt, Marek Dunsby, "
    "Chloe Ambersley, Idris Kennaway, Ruth Oyelaran-Platt, Sam Treverrow, Łucja Brennick, "
    "Farah Whitcombe".split(", "))


def moment(rng: random.Random, before: dt.datetime, hours: tuple[int, int]) -> dt.datetime:
    """A time of day within ``hours`` on a day in the ``YEARS`` before ``before``."""
    day = before - dt.timedelta(days=rng.uniform(1, 365 * YEARS))
    return day.replace(hour=rng.randint(*hours), minute=rng.choice((0, 15, 30, 45)),
                       second=0, microsecond=0)
