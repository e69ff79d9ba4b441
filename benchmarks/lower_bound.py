"""The lower bound tracer is compared with: read every file, split frontmatter, a few regexes, a networkx graph.

No Markdown parser, no SQL parser, no rules: what any tool must at least pay to look at the same repository.

    python benchmarks/lower_bound.py REPO
"""

from __future__ import annotations

import os
import re
import sys

import networkx as nx
import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PARENT = re.compile(r"^parent:\s*(\S+)", re.M)
STORY = re.compile(r"^### (US-\d+)", re.M)
COVERS = re.compile(r"\*\*User Stories Covered:\*\*\s*(.+)")
FILE_ROW = re.compile(r"^\| `([^`]+)` \|", re.M)


def main(root: str) -> int:
    g = nx.MultiDiGraph()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            rel = os.path.relpath(path, root)
            if not name.endswith(".md"):
                g.add_node(f"file:{rel}")
                continue
            meta = {}
            if text.startswith("---\n"):
                end = text.find("\n---", 4)
                meta = yaml.load(text[4:end], Loader=LOADER) or {}
            node = f"doc:{rel}"
            g.add_node(node, **{k: str(v) for k, v in meta.items()})
            m = PARENT.search(text)
            if m:
                g.add_edge(node, f"prd:{m.group(1)}", kind="implements")
            for sid in STORY.findall(text):
                g.add_edge(node, f"story:{sid}", kind="has_story")
            m = COVERS.search(text)
            if m:
                for sid in re.findall(r"US-\d+", m.group(1)):
                    g.add_edge(node, f"story:{sid}", kind="covers")
            for f in FILE_ROW.findall(text):
                g.add_edge(node, f"file:{f}", kind="declares")
    missing = sum(1 for n in g if n.startswith("file:") and not os.path.exists(os.path.join(root, n[5:])))
    print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges, {missing} missing files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
