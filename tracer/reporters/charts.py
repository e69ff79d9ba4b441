"""Report charts with matplotlib on a non-interactive backend: labelled axes, percentages, one palette."""

from __future__ import annotations

import datetime as dt
import io

PALETTE = {"story_coverage": "#2563eb", "spec_implementation": "#16a34a", "code_traceability": "#9333ea",
           "schema_traceability": "#ea580c", "error": "#dc2626", "warning": "#d97706", "info": "#0891b2",
           "grid": "#e5e7eb", "text": "#111827"}
LABELS = {"story_coverage": "Story coverage", "spec_implementation": "Spec implementation",
          "code_traceability": "Code traceability", "schema_traceability": "Schema traceability"}


def _plt():
    import warnings

    import matplotlib

    warnings.filterwarnings("ignore", module="matplotlib")  # its advice is for authors of charts, not for users

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "tracer", "font.size": 10, "axes.edgecolor": "#9ca3af",
                         "axes.titleweight": "bold", "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _save(fig) -> tuple[bytes, str]:
    png, svg = io.BytesIO(), io.StringIO()
    fig.savefig(png, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    return png.getvalue(), svg.getvalue()


def _percent_axis(ax, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    target.set_major_locator(MultipleLocator(25))
    (ax.set_ylim if axis == "y" else ax.set_xlim)(0, 105)
    ax.grid(axis=axis, color=PALETTE["grid"], linewidth=0.8)
    ax.set_axisbelow(True)


def trend(view: dict) -> tuple[bytes, str]:
    """Headline metrics over the stored weeks."""
    plt = _plt()
    rows = view["trend"]
    fig, ax = plt.subplots(figsize=(8, 3.4))
    xs = [dt.datetime.fromisoformat(r["taken_at"]) for r in rows]
    for key, label in LABELS.items():
        pts = [(x, r[key] * 100) for x, r in zip(xs, rows) if r.get(key) is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", markersize=4, linewidth=2,
                    color=PALETTE[key], label=label)
    _percent_axis(ax)
    ax.set_ylabel("share of items")
    ax.set_xlabel("week of snapshot")
    ax.set_title("Coverage trend")
    fig.autofmt_xdate()
    import matplotlib.dates as mdates

    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    if len(xs) == 1:
        ax.set_xlim(xs[0] - dt.timedelta(days=4), xs[0] + dt.timedelta(days=4))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncols=4, frameon=False, fontsize=9)
    return _save(fig)


WORST = 20  # PRDs drawn in the per-PRD chart: the worst ones, worst first (the table lists them all)


def worst_prds(prds: list[dict], n: int | None = None) -> list[dict]:
    """PRDs from worst to best: lowest story coverage, then lowest implementation, then by name."""
    def key(p: dict) -> tuple:
        sc, si = p.get("story_coverage"), p.get("spec_implementation")
        return (2 if sc is None else sc, 2 if si is None else si, str(p.get("title", "")))

    ranked = sorted(prds, key=key)
    return ranked if n is None else ranked[:n]


def coverage_by_prd(view: dict) -> tuple[bytes, str]:
    """Story coverage and spec implementation of the worst PRDs (at most ``WORST``), worst first."""
    plt = _plt()
    prds = worst_prds(view["prds"], WORST)
    fig, ax = plt.subplots(figsize=(8, 0.6 * max(len(prds), 1) + 1.4))
    names = [p["title"] for p in prds]
    ys = range(len(prds))
    h = 0.38
    for offset, key in ((-h / 2, "story_coverage"), (h / 2, "spec_implementation")):
        vals = [(p.get(key) or 0) * 100 for p in prds]
        bars = ax.barh([y + offset for y in ys], vals, height=h, color=PALETTE[key], label=LABELS[key])
        for bar, p in zip(bars, prds):
            text = "n/a" if p.get(key) is None else f"{p[key] * 100:.0f}%"
            ax.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=8)
    ax.set_yticks(list(ys), labels=names)
    ax.invert_yaxis()
    _percent_axis(ax, "x")
    ax.set_xlabel("share of items")
    ax.set_title("Coverage per PRD" if len(view["prds"]) <= WORST else f"The {WORST} PRDs with the lowest coverage",
                 pad=26)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False, fontsize=9)
    return _save(fig)


def drift_by_rule(view: dict) -> tuple[bytes, str]:
    """Findings per rule, stacked by severity."""
    plt = _plt()
    rows = view["drift"]["by_rule"]
    fig, ax = plt.subplots(figsize=(8, 0.42 * max(len(rows), 1) + 1.4))
    names = [f"{r['rule']} {r['slug']}" for r in rows]
    left = [0] * len(rows)
    for sev in ("error", "warning", "info"):
        vals = [r[sev] for r in rows]
        ax.barh(names, vals, left=left, color=PALETTE[sev], label=sev)
        left = [a + b for a, b in zip(left, vals)]
    ax.invert_yaxis()
    ax.set_xlabel("findings")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title("Drift by rule")
    if not rows:
        ax.text(0.5, 0.5, "no findings", transform=ax.transAxes, ha="center")
    else:  # below the plot: a legend never covers a bar
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=3, frameon=False, fontsize=9)
    ax.grid(axis="x", color=PALETTE["grid"])
    ax.set_axisbelow(True)
    return _save(fig)


CHARTS = {"trend": trend, "coverage_by_prd": coverage_by_prd, "drift_by_rule": drift_by_rule}


def render_all(view: dict) -> dict[str, tuple[bytes, str]]:
    """Every chart of the report: name -> (PNG, SVG)."""
    return {name: make(view) for name, make in CHARTS.items()}


class Aside:
    """A forked process that imports matplotlib while this one scans and measures, then draws the charts of the
    view it is sent while this one writes the report's pages (the import takes half a second, the drawing
    about one, the pages of 1,000 PRDs about half of one)."""

    def __init__(self, conn, process):
        self.conn, self.process = conn, process
        self.sent = False

    @classmethod
    def start(cls) -> "Aside | None":
        """The helper, started; None where it cannot run aside: one core, no ``fork``, or a process with other
        threads (forking it would be unsafe). The caller then draws the charts itself."""
        from tracer.scanner.parsing import cpus, fork_context

        ctx = fork_context() if cpus() > 1 else None
        if ctx is None:
            return None
        try:
            here, there = ctx.Pipe()
            process = ctx.Process(target=_draw_aside, args=(there, here), daemon=True)
            process.start()
            there.close()
        except (OSError, ValueError):
            return None
        return cls(here, process)

    def draw(self, view: dict) -> None:
        """Send ``view`` to be drawn; a failure shows in ``result``, which then draws here."""
        try:
            self.conn.send(view)
            self.sent = True
        except (OSError, ValueError):
            pass

    def result(self, view: dict) -> dict[str, tuple[bytes, str]]:
        """The charts of ``view``, drawn aside; drawn here instead if that failed in any way."""
        try:
            if self.sent:
                status, charts = self.conn.recv()
                if status == "ok":
                    return charts
        except (OSError, EOFError, ValueError):
            pass
        finally:
            self.close()
        return render_all(view)

    def close(self) -> None:
        """End the helper: it answered, or it is not needed (the report stopped before its charts)."""
        self.conn.close()
        if not self.sent and self.process.is_alive():
            self.process.kill()  # waiting for a view that will not come
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _draw_aside(conn, parent_end) -> None:
    from tracer.scanner.parsing import die_with_parent

    die_with_parent()
    parent_end.close()  # the other process's end, inherited: with it closed here, its closing is seen
    try:
        _plt()  # matplotlib's import, while the other process scans
        view = conn.recv()
    except (EOFError, OSError):  # no view is coming
        conn.close()
        return
    try:
        conn.send(("ok", render_all(view)))
    except Exception as exc:  # noqa: BLE001 - a failure here is the parent's to handle, by drawing itself
        try:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        except (OSError, ValueError):
            pass
    finally:
        conn.close()
