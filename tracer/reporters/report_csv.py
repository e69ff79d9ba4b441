"""``coverage.csv``: one row per PRD and one per story (column ``level``), safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    # a cell starting with = + - @ would run as a formula in a spreadsheet: keep document text as text
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def render(view: dict) -> str:
    """CSV text; ratios as fractions between 0 and 1 (empty when there is nothing to measure)."""
    prds = pd.DataFrame(view["prds"]).astype(object)  # object columns keep counts as integers next to blanks
    prds.insert(0, "level", "prd")
    stories = pd.DataFrame(view["stories"]).astype(object)
    stories.insert(0, "level", "story")
    frame = pd.concat([prds, stories], ignore_index=True, sort=False)
    frame = frame.map(_cell) if hasattr(frame, "map") else frame.applymap(_cell)
    return frame.to_csv(index=False, lineterminator="\n")
