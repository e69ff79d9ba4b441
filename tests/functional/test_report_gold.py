"""The committed report of sample_repo stays what tracer produces (scrubbed of versions and chart pixels)."""

import os
import shutil

import pytest

from tests.gold import GOLD, TEXT_FILES, generate, scrub


def test_committed_sample_report_matches_a_fresh_one(tmp_path):
    fresh = tmp_path / "fresh"
    generate(fresh)
    if os.environ.get("TRACER_UPDATE_GOLD"):
        shutil.rmtree(GOLD, ignore_errors=True)
        shutil.copytree(fresh, GOLD)
        pytest.skip("gold files updated")
    for name in TEXT_FILES:
        assert scrub(name, (fresh / name).read_text()) == scrub(name, (GOLD / name).read_text()), (
            f"reports/sample_repo/{name} is out of date: run `make gold` and review the diff")
    for chart in ("trend", "coverage_by_prd", "drift_by_rule"):
        assert (GOLD / "charts" / f"{chart}.png").read_bytes().startswith(b"\x89PNG")
