"""Story and requirement IDs: one spelling for ``US-3``/``US-003``, and lists with ranges expanded."""

from __future__ import annotations

import re

# US-001, US-QR-013, FR-017a, FR1, NFR6, B2B-12: a prefix that ends in a letter (so FR14 is FR-014, never
# FR1-004), optional lettered segments, a number, an optional letter. Possessive throughout: a segment starts
# with a letter and a number never does, so nothing is given back; an ID never starts inside a hyphenated word
# ("a-b-c-..."), so a long run of such words costs linear time.
_PREFIX = r"[A-Za-z]++(?:\d++[A-Z]++)*+"
_ID = r"(?P<{p}>" + _PREFIX + r"(?:-" + _PREFIX + r")*+)-?(?P<{n}>\d++)(?P<{s}>[a-z]?)\b"
_START = r"(?<![A-Za-z0-9]-)\b"
ID_RE = re.compile(_START + _ID.format(p="p", n="n", s="s"))
_RANGE_SEP = r"\s*(?:–|—|-|\.\.|\bthrough\b|\bthru\b|\bto\b)\s*"
RANGE_RE = re.compile(
    _START + _ID.format(p="p1", n="n1", s="s1") + _RANGE_SEP
    + r"(?:(?P<p2>" + _PREFIX + r"(?:-" + _PREFIX + r")*+)-?)?(?P<n2>\d++)(?P<s2>[a-z]?)\b"
)
MAX_RANGE = 500  # a range wider than this is taken as its two ends, not expanded


def normalise_id(prefix: str, number: str, suffix: str = "") -> str:
    """``us``, ``3`` -> ``US-003``: upper-case prefix, number padded to three digits."""
    return f"{prefix.upper()}-{int(number):03d}{suffix.lower()}"


def normalise_story_id(text: str) -> str:
    """The normalised form of one ID, or "" when ``text`` holds none."""
    m = ID_RE.search(text.strip())
    if not m:
        return ""
    return normalise_id(m["p"], m["n"], m["s"])


def parse_id_list(text: str) -> list[tuple[str, str]]:
    """Every ID in a list such as ``US-001, US-004``, ``US-002–US-005`` or ``US-010 through US-014``.

    Returns (normalised ID, text as written) pairs in order, ranges expanded.
    """
    if "{{" in text:
        text = re.sub(r"\{\{[^{}]*+\}\}", " ", text)
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = ID_RE.search(text, pos)
        if m is None:
            break
        r = RANGE_RE.match(text, m.start())
        if r is not None and (r["p2"] is None or r["p2"].upper() == r["p1"].upper()):
            lo, hi = int(r["n1"]), int(r["n2"])
            raw = r.group(0)
            if lo <= hi and hi - lo <= MAX_RANGE and not r["s1"] and not r["s2"]:
                out.extend((normalise_id(r["p1"], str(k)), raw) for k in range(lo, hi + 1))
            else:
                out.append((normalise_id(r["p1"], r["n1"], r["s1"]), raw))
                out.append((normalise_id(r["p1"], r["n2"], r["s2"]), raw))
            pos = r.end()
            continue
        out.append((normalise_id(m["p"], m["n"], m["s"]), m.group(0)))
        pos = m.end()
    return out


_NUMERIC = re.compile(r"(?<![\w.])(\d+(?:\.\d+)*)(?:\s*(?:–|—|-|\.\.|\bthrough\b|\bto\b)\s*(\d+(?:\.\d+)*))?(?![\w])")


def parse_numeric_list(text: str) -> list[str]:
    """Dotted numeric IDs in a list such as ``4.1, 4.2``, ``9.1-9.7`` or ``1.3 and 2``, ranges expanded."""
    out: list[str] = []
    for m in _NUMERIC.finditer(text):
        lo, hi = m.group(1), m.group(2)
        if hi is None:
            out.append(lo)
            continue
        head_lo, _, last_lo = lo.rpartition(".")
        head_hi, _, last_hi = hi.rpartition(".")
        if head_lo == head_hi and int(last_lo) <= int(last_hi) and int(last_hi) - int(last_lo) <= MAX_RANGE:
            out.extend(f"{head_lo}.{k}" if head_lo else str(k) for k in range(int(last_lo), int(last_hi) + 1))
        else:
            out += [lo, hi]
    return out
