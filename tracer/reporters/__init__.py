"""Reporters: one module per output format, each a pure ``render(...) -> str``."""

CHECK_FORMATS = ("text", "lines", "json", "sarif", "junit", "github", "gitlab")


def render_check(result, fmt: str, *, color: bool = False) -> str:
    """Render a CheckResult in one of CHECK_FORMATS (imports only the reporter it needs)."""
    if fmt == "text":
        from tracer.reporters import text

        return text.render(result, color=color)
    if fmt == "lines":
        from tracer.reporters import lines

        return lines.render(result, color=color)
    if fmt == "json":
        from tracer.reporters import check_json

        return check_json.render(result)
    if fmt == "sarif":
        from tracer.reporters import sarif

        return sarif.render(result)
    if fmt == "junit":
        from tracer.reporters import junit

        return junit.render(result)
    if fmt == "github":
        from tracer.reporters import github

        return github.render(result)
    if fmt == "gitlab":
        from tracer.reporters import gitlab

        return gitlab.render(result)
    from tracer.errors import TracerError

    raise TracerError(f"--format: unknown format {fmt!r} (choose from {', '.join(CHECK_FORMATS)})")
