"""The report folder: index.html, report.md, coverage.csv, report.json and the charts, each written atomically
(renamed into place, so a reader never sees half a page; not flushed to disk one by one: the next run writes
them again)."""

from __future__ import annotations

from pathlib import Path

from tracer.output import own_folder, write_atomic


def write(view: dict, out_dir: Path, aside=None) -> list[Path]:
    """Render every format of the report into ``out_dir``; returns the files written. ``aside``: a started
    ``charts.Aside``, which draws the charts while the pages are written (without it, they are drawn here)."""
    from tracer.reporters import charts, report_csv, report_html, report_json, report_markdown

    own_folder(out_dir)  # a report folder tracer creates is ignored by git, as coverage.py's htmlcov is
    if aside is not None:
        aside.draw(view)
    data = {"report.json": report_json.render(view), "report.md": report_markdown.render(view),
            "coverage.csv": report_csv.render(view)}
    files: dict[str, list[Path]] = {"data": [], "pages": []}
    for kind, rendered in (("data", data), ("pages", report_html.pages(view))):
        for name, text in rendered.items():
            write_atomic(out_dir / name, text, durable=False)
            files[kind].append(out_dir / name)
    pngs: dict[str, bytes] = {}
    written: list[Path] = []
    for name, (png, svg) in (aside.result(view) if aside else charts.render_all(view)).items():
        pngs[name] = png
        for ext, data in (("png", png), ("svg", svg)):
            path = out_dir / "charts" / f"{name}.{ext}"
            write_atomic(path, data, durable=False)
            written.append(path)
    write_atomic(out_dir / "index.html", report_html.render(view, pngs), durable=False)
    written += files["data"] + [out_dir / "index.html"] + files["pages"]
    fresh = set(written)
    for sub in ("prd", "findings"):  # pages of PRDs and findings that are gone since the last report
        for old in (out_dir / sub).glob("*.html") if (out_dir / sub).is_dir() else ():
            if old not in fresh and old.is_file() and not old.is_symlink():
                old.unlink()
    return written
