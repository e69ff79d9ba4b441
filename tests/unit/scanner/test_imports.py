from tracer.resolve.imports import ImportResolver
from tracer.scanner.imports import raw_imports


def test_python_absolute_relative_and_src_layout():
    files = ["src/pkg/__init__.py", "src/pkg/a.py", "src/pkg/b.py", "src/pkg/sub/c.py", "tools/x.py"]
    r = ImportResolver(files)
    text = "import pkg.a\nfrom . import b\nfrom .sub.c import thing\nfrom os import path\n"
    assert r.resolve(raw_imports(text, "python"), "src/pkg/main.py", "python") == (
        "src/pkg/a.py", "src/pkg/b.py", "src/pkg/sub/c.py")


def test_js_relative_imports_and_require():
    files = ["web/api.ts", "web/util/index.js", "web/board.ts"]
    r = ImportResolver(files)
    text = "import { a } from './api';\nconst u = require('./util');\nimport React from 'react';\n"
    assert r.resolve(raw_imports(text, "typescript"), "web/board.ts", "typescript") == ("web/api.ts", "web/util/index.js")
