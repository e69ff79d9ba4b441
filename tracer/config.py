"""One frozen configuration: defaults < ``[tool.tracer]`` / ``tracer.toml`` < command-line options."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tracer.errors import ConfigError
from tracer.reading import read_regular

SEVERITIES = ("error", "warning", "info")
DIALECTS = (
    "postgres", "mysql", "sqlite", "tsql", "oracle", "snowflake", "bigquery", "duckdb",
    "redshift", "spark", "databricks", "clickhouse", "trino", "presto", "hive",
)

# every common source file type: each is a file documents may declare, follow in impact and trace in coverage
# (routes, imports and schema are read from Python, JavaScript/TypeScript, Go, shell and Prisma files)
DEFAULT_CODE_EXTENSIONS = (
    ".py", ".pyi", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte", ".astro",
    ".go", ".rb", ".java", ".kt", ".kts", ".scala", ".groovy", ".rs", ".php", ".cs", ".fs", ".vb", ".swift",
    ".m", ".mm", ".c", ".h", ".cc", ".cpp", ".hpp", ".dart", ".ex", ".exs", ".erl", ".clj", ".hs", ".ml", ".lua",
    ".r", ".jl", ".pl", ".pm", ".zig", ".nim", ".sh", ".bash", ".zsh", ".ps1", ".prisma", ".proto", ".graphql",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Every setting of a run. Keys equal the option names of ``[tool.tracer]``."""

    # every Markdown file is read; the ones no format claims are listed as "other" and never checked
    docs: tuple[str, ...] = ("**/*.md",)
    exclude: tuple[str, ...] = (
        "**/node_modules/**", "**/vendor/**", "**/third_party/**", "**/.venv/**", "**/site-packages/**", "**/dist/**",
        # test data is not the product: specs and status files under fixtures would be read as real ones
        "**/test/fixtures/**", "**/tests/fixtures/**", "**/__fixtures__/**", "**/fixtures/**", "**/testdata/**",
        # templates of the formats themselves (spec-kit, BMAD, tracer's own) are not documents
        "**/templates/**", "**/_template/**", "**/*-template.md", "**/*_template.md",
    )
    code_roots: tuple[str, ...] = ()  # empty: everything outside the document folders
    code_extensions: tuple[str, ...] = DEFAULT_CODE_EXTENSIONS
    migrations: tuple[str, ...] = ("**/migrations/**/*.sql", "**/*.sql")
    dialect: str = "postgres"
    statuses: tuple[tuple[str, tuple[str, ...]], ...] = ()  # class -> extra words
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # rule code or slug -> severity
    fail_on: str = "error"
    baseline: str = ""
    history: str = ".tracer/history.sqlite"
    compare_days: int = 7
    cache: bool = True
    profile: tuple[str, ...] = ()  # document formats; empty = detected from the repository's shape
    max_file_bytes: int = 8 * 1024 * 1024
    crash: str = "exit"  # a parser or rule that fails: "exit" (code 2) or "finding" (TR000 at error)
    declaration_keys: tuple[str, ...] = ("code_paths", "test_paths", "source_files", "files")  # frontmatter lists of paths
    enable: tuple[str, ...] = ()  # off-by-default rules to run, as --enable
    # what the weekly report is judged by: metric (percent) or max_errors / max_warnings -> target
    targets: tuple[tuple[str, float], ...] = ()
    repo_url: str = ""  # where files are browsed (links in the report); derived from the git remote when empty
    source: str = field(default="defaults", compare=False)  # where the settings came from

    def statuses_dict(self) -> dict[str, tuple[str, ...]]:
        """The extra status words as a mapping of class name to words."""
        return dict(self.statuses)

    def severity_dict(self) -> dict[str, str]:
        """The per-rule severity overrides as a mapping."""
        return dict(self.severity)


_LIST_KEYS = {"docs", "exclude", "code_roots", "code_extensions", "migrations", "select", "ignore", "profile",
              "declaration_keys", "enable"}
_STR_KEYS = {"dialect", "fail_on", "baseline", "history", "crash", "repo_url"}
_INT_KEYS = {"compare_days", "max_file_bytes"}
_BOOL_KEYS = {"cache"}
_TABLE_KEYS = {"statuses", "severity", "targets"}
TARGETS = ("story_coverage", "requirement_coverage", "spec_implementation", "code_traceability",
           "schema_traceability", "section_completeness", "max_errors", "max_warnings")
KNOWN_KEYS = _LIST_KEYS | _STR_KEYS | _INT_KEYS | _BOOL_KEYS | _TABLE_KEYS


def _check_glob(pattern: str) -> str:
    """Why a glob is unusable, or ""."""
    if not pattern or "\x00" in pattern:
        return "is empty or contains NUL"
    if pattern.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", pattern):
        return "is absolute; globs are relative to the repository"
    if ".." in Path(pattern).parts:
        return "climbs out of the repository with '..'"
    if pattern.count("[") != pattern.count("]"):
        return "has an unbalanced '['"
    if len(pattern) > 500:
        return "is longer than 500 characters"
    if pattern.count("*") > 12:
        return "has more than 12 wildcards (matching it could take exponential time)"
    return ""


def validate(raw: dict[str, Any], source: str) -> dict[str, Any]:
    """Check raw settings; return them converted to Config's types or raise ConfigError listing all problems."""
    problems: list[str] = []
    out: dict[str, Any] = {}
    for key in sorted(raw):
        value = raw[key]
        name = key.replace("-", "_")
        if name not in KNOWN_KEYS:
            close = difflib.get_close_matches(name, sorted(KNOWN_KEYS), n=1)
            problems.append(f"unknown key '{key}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
            continue
        if name in _LIST_KEYS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(f"'{key}' must be a list of strings")
                continue
            if name in {"docs", "exclude", "code_roots", "migrations"}:
                for v in value:
                    why = _check_glob(v)
                    if why:
                        problems.append(f"glob {v!r} in '{key}' {why}")
            out[name] = tuple(value)
        elif name in _STR_KEYS:
            if not isinstance(value, str):
                problems.append(f"'{key}' must be a string")
                continue
            if name == "dialect" and value not in DIALECTS:
                problems.append(f"'dialect' {value!r} is not one of {', '.join(DIALECTS)}")
            if name == "fail_on" and value not in (*SEVERITIES, "never"):
                problems.append("'fail_on' must be error, warning, info or never")
            if name == "crash" and value not in ("exit", "finding"):
                problems.append("'crash' must be exit or finding")
            out[name] = value
        elif name in _INT_KEYS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append(f"'{key}' must be a non-negative integer")
                continue
            out[name] = value
        elif name in _BOOL_KEYS:
            if not isinstance(value, bool):
                problems.append(f"'{key}' must be true or false")
                continue
            out[name] = value
        elif name == "statuses":
            if not isinstance(value, dict):
                problems.append("'statuses' must be a table of class = [words]")
                continue
            pairs = []
            for cls, words in value.items():
                if cls not in ("planned", "active", "done", "retired"):
                    problems.append(f"'statuses.{cls}' is not a class (planned, active, done, retired)")
                elif not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    problems.append(f"'statuses.{cls}' must be a list of strings")
                else:
                    pairs.append((cls, tuple(words)))
            out[name] = tuple(pairs)
        elif name == "severity":
            if not isinstance(value, dict):
                problems.append("'severity' must be a table of rule = severity")
                continue
            pairs = []
            for rule, sev in value.items():
                if sev not in (*SEVERITIES, "off"):
                    problems.append(f"'severity.{rule}' must be error, warning, info or off")
                else:
                    pairs.append((rule, sev))
            out[name] = tuple(pairs)
        elif name == "targets":
            if not isinstance(value, dict):
                problems.append("'targets' must be a table of metric = number")
                continue
            pairs = []
            for metric, target in value.items():
                if metric not in TARGETS:
                    close = difflib.get_close_matches(metric, TARGETS, n=1)
                    problems.append(f"'targets.{metric}' is not a metric ({', '.join(TARGETS)})"
                                    + (f"; did you mean '{close[0]}'?" if close else ""))
                elif isinstance(target, bool) or not isinstance(target, (int, float)) or target < 0 \
                        or not metric.startswith("max_") and target > 100:
                    problems.append(f"'targets.{metric}' must be a number" + ("" if metric.startswith("max_") else " from 0 to 100"))
                else:
                    pairs.append((metric, float(target)))
            out[name] = tuple(pairs)
    if problems:
        raise ConfigError(f"invalid configuration in {source}: " + "; ".join(problems))
    return out


MAX_CONFIG_BYTES = 1_000_000


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path.name} is larger than 1 MB; not read")
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path.name} is nested too deeply") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path.name}: {exc.strerror or exc}") from None


def has_config(folder: Path) -> bool:
    """Whether ``folder`` holds tracer's configuration: a ``tracer.toml``, or a ``pyproject.toml`` with a
    ``[tool.tracer]`` table (read only when it is a regular file of reasonable size)."""
    if (folder / "tracer.toml").is_file():
        return True
    pyproject = folder / "pyproject.toml"
    try:
        if not pyproject.is_file() or pyproject.is_symlink():
            return False
        raw = read_regular(pyproject, MAX_CONFIG_BYTES)
        return len(raw) <= MAX_CONFIG_BYTES and "tracer" in tomllib.loads(raw.decode("utf-8", errors="replace")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, AttributeError, TypeError):
        return False


def load_config(root: Path, overrides: dict[str, Any] | None = None, config_file: Path | None = None) -> Config:
    """The configuration for the repository at ``root``.

    ``tracer.toml`` (top-level keys or a ``[tool.tracer]`` table) wins over ``pyproject.toml``'s
    ``[tool.tracer]``; ``overrides`` (from the command line) win over both.
    """
    raw: dict[str, Any] = {}
    source = "defaults"
    candidates = [config_file] if config_file else [root / "tracer.toml", root / "pyproject.toml"]
    for path in candidates:
        if path is None or not path.is_file():
            if config_file is not None:
                raise ConfigError(f"config file {config_file} does not exist")
            continue
        data = _read_toml(path)
        if path.name == "pyproject.toml":
            section = data.get("tool", {}).get("tracer")
        else:
            section = data.get("tool", {}).get("tracer", data)
        if section is None:
            continue
        if not isinstance(section, dict):
            raise ConfigError(f"[tool.tracer] in {path.name} must be a table")
        raw = section
        source = path.name
        break
    settings = validate(raw, source)
    if overrides:
        settings.update(validate({k: v for k, v in overrides.items() if v is not None}, "command-line options"))
    known = {f.name for f in fields(Config)}
    return replace(Config(), source=source, **{k: v for k, v in settings.items() if k in known})
