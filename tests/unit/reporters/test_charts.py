"""The report's charts drawn aside (a forked process, started before the check, drawing while the pages are
written) are the charts drawn here, byte for byte; a helper that dies leaves the charts to be drawn here, and
one that is never sent a view is ended."""

from __future__ import annotations

import json
import threading

import pytest

from tests.conftest import ROOT
from tracer.reporters import charts


@pytest.fixture(scope="module")
def big_view() -> dict:
    """The committed sample report's view, with its PRD rows repeated (a hundred PRDs and more)."""
    view = json.loads((ROOT / "reports" / "sample_repo" / "report.json").read_text())
    rows = view["prds"]
    view["prds"] = [dict(r, prd=f"{r['prd']}-{i}") for i in range(100 // len(rows) + 1) for r in rows]
    return view


def _aside():
    if threading.active_count() != 1:
        pytest.skip("this process has other threads: nothing is forked from it")
    aside = charts.Aside.start()
    assert aside is not None
    return aside


def test_charts_drawn_aside_are_the_charts_drawn_here(big_view):
    aside = _aside()
    aside.draw(big_view)
    assert aside.result(big_view) == charts.render_all(big_view)
    assert not aside.process.is_alive()


def test_a_helper_that_dies_leaves_the_charts_to_this_process(big_view):
    aside = _aside()
    aside.process.kill()
    aside.draw(big_view)
    assert aside.result(big_view) == charts.render_all(big_view)


def test_a_helper_never_sent_a_view_is_ended():
    aside = _aside()
    assert aside.process.is_alive()  # importing matplotlib, then waiting for a view
    aside.close()
    assert not aside.process.is_alive()


def test_on_one_core_the_charts_are_drawn_here(monkeypatch):
    from tracer.scanner import parsing

    monkeypatch.setattr(parsing, "cpus", lambda: 1)
    assert charts.Aside.start() is None
