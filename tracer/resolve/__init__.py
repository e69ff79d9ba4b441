"""``resolve(project) -> Resolution``: every reference resolved once, with its reason and source line.

Parents (``parents.py``), covered stories and their roll-ups (``stories.py``), declared files, tables and
endpoints with their presence (``artifacts.py``) and imports between code files (``imports.py``). The graph,
the rules, coverage, impact and the inventory read the result and resolve nothing again.
"""

from __future__ import annotations

from tracer.model import Project
from tracer.model.links import Resolution
from tracer.resolve.artifacts import file_set, resolve_artifacts
from tracer.resolve.imports import ImportResolver
from tracer.resolve.routes import served_routes
from tracer.resolve.parents import reference_text, resolve_parents
from tracer.resolve.stories import adopt, resolve_covers, resolve_traces, roll_up, story_index

__all__ = ["resolve", "reference_text"]


def resolve(project: Project) -> Resolution:
    """The resolved links of ``project``."""
    parents, prd_of = resolve_parents(project.documents)
    stories, owners = story_index(project.documents, prd_of)
    prd_of = adopt(project.documents, prd_of, owners)
    covers = resolve_covers(project.documents, prd_of, stories, owners)
    traces = resolve_traces(project.documents, owners)
    resolver = ImportResolver((c.path for c in project.code_files), go_modules=project.go_modules,
                              ts_paths=project.ts_paths)
    imports = {c.path: resolver.resolve(c.imports, c.path, c.language) for c in project.code_files}
    served = served_routes(project, resolver)
    partial = Resolution(served=served)
    files = file_set(project)
    artifacts = resolve_artifacts(project, partial.serves, files)
    return Resolution(
        parents=parents, prd_of=prd_of, stories=stories, story_owners=owners, covers=covers,
        covering=roll_up(covers, stories, traces), traces=traces,
        artifacts=artifacts, imports=imports, served=served, probed=tuple(sorted(files.probed.items())),
    )
