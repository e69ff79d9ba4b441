"""The report's charts drawn aside (a forked process, while the pages are written) are the charts drawn
here, byte for byte; a helper that dies leaves the charts to be drawn here."""

from __future__ import annotations

import json
import threading

import pytest

from tests.conftest import ROOT
from tracer.reporters import charts


@pytest.fixture(scope="module")
def big_view() -> dict:
    """The committed sample report's view, with its PRD rows repeated past the size that is drawn aside."""
    view = json.loads((ROOT / "reports" / "sample_repo" / "report.json").read_text())
    rows = view["prds"]
    view["prds"] = [dict(r, prd=f"{r['prd']}-{i}") for i in range(charts.Aside.MIN_PRDS // len(rows) + 1)
                    for r in rows]
    return view


def _aside(view: dict):
    if threading.active_count() != 1:
        pytest.skip("this process has other threads: nothing is forked from it")
    aside = charts.Aside.start(view)
    assert aside is not None
    return aside


def test_charts_drawn_aside_are_the_charts_drawn_here(big_view):
    assert _aside(big_view).result() == charts.render_all(big_view)


def test_a_helper_that_dies_leaves_the_charts_to_this_process(big_view):
    aside = _aside(big_view)
    aside.process.kill()
    assert aside.result() == charts.render_all(big_view)


def test_a_small_report_draws_its_charts_here():
    view = json.loads((ROOT / "reports" / "sample_repo" / "report.json").read_text())
    assert len(view["prds"]) < charts.Aside.MIN_PRDS and charts.Aside.start(view) is None
