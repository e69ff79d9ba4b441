"""The HTML report in a real headless Chromium: renders without console errors, shows numbers and charts, stays inert."""

import os
import shutil
from pathlib import Path

import pytest

from tests.builders import prd, spec

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_report(browser, path):
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


KEEP = os.environ.get("TRACER_SCREENSHOTS")  # a folder to keep the screenshots in (CI keeps them as artifacts)


@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("phone", 390)])
def test_the_report_fits_desktop_and_phone(browser, cli, sample_copy, tmp_path, name, width):
    out = tmp_path / "out"
    assert cli("report", sample_copy, "--out", out, "--no-history").code == 0
    for page_file in (out / "index.html", next((out / "prd").glob("*.html")), out / "findings/1.html", out / "rules.html"):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        # nothing wider than the screen: tables scroll inside their card, charts scale down
        assert page.evaluate("document.documentElement.scrollWidth") <= width, page_file.name
        if page_file.name == "index.html":
            assert page.locator("#verdict").is_visible() and page.locator("#fix tr").count() > 1
            shot = Path(KEEP) / f"report-{name}.png" if KEEP else tmp_path / f"{name}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        page.close()


def test_sample_report_renders_numbers_and_charts(browser, cli, sample_copy, tmp_path):
    out = tmp_path / "out"
    assert cli("report", sample_copy, "--out", out, "--no-history").code == 0
    page, problems = open_report(browser, out / "index.html")
    assert problems == []
    assert page.locator("[data-metric=story_coverage] .value").inner_text() == "75%"
    assert page.locator("[data-metric=spec_implementation] .value").inner_text() == "86%"
    assert page.locator("[data-metric=drift] .value").inner_text() == "20"
    widths = page.evaluate("[...document.images].map(i => i.complete && i.naturalWidth)")
    assert len(widths) == 3 and all(w and w > 300 for w in widths)
    assert "US-005" in page.locator("#gaps").inner_text()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_hostile_document_text_renders_inert(browser, cli, make_repo):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    repo = make_repo({"docs/board.prd.md": prd({"US-001": hostile}, doc_id="board", title=hostile),
                      "docs/s.tech.md": spec(parent="board", covers="US-001", title=hostile, modify=("src/a.py",)),
                      "src/a.py": ""})
    out = repo / "out"
    assert cli("report", repo, "--out", out, "--no-history").code == 0
    page, problems = open_report(browser, out / "index.html")
    assert problems == []  # no alert dialog, no request for "x", no error
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert page.evaluate("document.querySelectorAll('main img:not(.chart)').length") == 0
    prd_page = next((out / "prd").glob("*.html"))
    page, problems = open_report(browser, prd_page)
    assert problems == [] and page.evaluate("document.querySelectorAll('script').length") == 0
    assert "<script>alert(1)</script>" in page.locator("#drill").inner_text()
