"""The default template family (PRD + tech spec): read by the template parser in scanner/documents.py."""

from tracer.profiles import Profile

#: The sections a tech spec of the default template has (TR006 section-missing checks them).
SPEC_SECTIONS = (
    "Overview", "Technical Approach", "Database Changes", "API Changes", "Code Structure",
    "Edge Cases", "Error Handling", "Testing Strategy", "Security Considerations",
    "Performance Considerations", "Open Questions",
)

PROFILE = Profile(name="default", detect=("**/*.prd.md", "**/*.tech.md"), sections=SPEC_SECTIONS)
