"""The default template family (PRD + tech spec): read by the template parser in scanner/documents.py."""

from tracer.profiles import Profile
from tracer.scanner.documents import SPEC_SECTIONS

PROFILE = Profile(name="default", detect=("**/*.prd.md", "**/*.tech.md"), sections=SPEC_SECTIONS)
