from tracer.scanner.markdown import parse_blocks


def test_blocks_carry_lines_sections_tables_and_fences():
    body = ("# T\n\n## Overview\n\n**Parent PRD:** a\n**User Stories Covered:** US-1\n\n### Sub\n\n"
            "| File | Purpose |\n|---|---|\n| `a.py` | x |\n| b.py:3 | y |\n\n```sql\nCREATE TABLE a (id INT);\n```\n"
            "- [x] done\n- [ ] todo\n")
    blocks = parse_blocks(body, first_line=5)
    kinds = [(b.kind, b.line) for b in blocks]
    assert kinds[:4] == [("heading", 5), ("heading", 7), ("para", 9), ("heading", 12)]
    table = next(b for b in blocks if b.kind == "table")
    assert table.header == ["File", "Purpose"] and table.rows == [(16, ["a.py", "x"]), (17, ["b.py:3", "y"])]
    assert (table.h2, table.h3) == ("Overview", "Sub")
    code = next(b for b in blocks if b.kind == "code")
    assert code.lang == "sql" and code.line == 20 and code.text == "CREATE TABLE a (id INT);\n" and code.closed
    items = [b for b in blocks if b.kind == "item"]
    assert [(i.checked, i.text) for i in items] == [(True, "done"), (False, "todo")]
    para = next(b for b in blocks if b.kind == "para")
    assert para.source.splitlines() == ["**Parent PRD:** a", "**User Stories Covered:** US-1"]


def test_fence_inside_is_not_structure_and_unclosed_fence_is_flagged():
    blocks = parse_blocks("```\n## not a heading\n| a | b |\n")
    assert [b.kind for b in blocks] == ["code"] and not blocks[0].closed


def test_ragged_table_rows_and_deep_lists_do_not_break():
    deep = "".join("  " * i + "- x\n" for i in range(200))
    blocks = parse_blocks("| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n\n" + deep)
    table = blocks[0]
    assert table.kind == "table" and len(table.rows) == 2
