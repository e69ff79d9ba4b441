from tracer.scanner.frontmatter import read_frontmatter


def test_valid_frontmatter_keys_lines_and_body_start():
    fm = read_frontmatter("---\ntype: prd\nstatus: active\n---\n# Title\n")
    assert fm.ok and fm.present
    assert fm.meta == {"type": "prd", "status": "active"}
    assert fm.key_lines == {"type": 2, "status": 3}
    assert fm.body == "# Title\n" and fm.body_line == 5


def test_unrendered_template_falls_back_to_line_reading_and_records_the_line():
    fm = read_frontmatter("---\ntype: tech-spec\nstatus: draft\ncreated: {{date}}\nparent: a.prd.md\n---\nbody")
    assert not fm.ok
    line, message = fm.problems[0]
    assert line == 4 and "not valid YAML" in message
    assert fm.meta["type"] == "tech-spec" and fm.meta["parent"] == "a.prd.md" and fm.meta["status"] == "draft"


def test_duplicate_key_is_a_problem_with_both_lines():
    fm = read_frontmatter("---\nstatus: draft\nstatus: done\n---\n")
    assert fm.problems == [(3, "frontmatter key 'status' is repeated (first on line 2)")]


def test_not_a_mapping():
    fm = read_frontmatter("---\n- a\n- b\n---\nbody")
    assert "not a mapping" in fm.problems[0][1]
    assert fm.body == "body"


def test_unterminated_block_keeps_whole_text_as_body():
    fm = read_frontmatter("---\ntype: prd\nstatus: done\n\n# Title\n")
    assert "not terminated" in fm.problems[0][1]
    assert fm.meta == {"type": "prd", "status": "done"}
    assert "# Title" in fm.body


def test_yaml_bomb_is_refused_without_expanding():
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for name in "bcdefghij":
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        prev = name
    bomb += "type: prd\n---\nbody"
    fm = read_frontmatter(bomb)
    assert any("alias budget" in m for _, m in fm.problems)
    assert fm.meta.get("type") == "prd"  # the fallback still reads the plain keys


def test_no_frontmatter():
    fm = read_frontmatter("# Just a title\n")
    assert not fm.present and fm.ok and fm.body_line == 1


def test_dates_and_lists_become_text():
    from tracer.scanner.frontmatter import as_text

    fm = read_frontmatter("---\ncreated: 2026-01-02\ntags: [a, b]\n---\n")
    assert as_text(fm.meta["created"]) == "2026-01-02"
    assert as_text(fm.meta["tags"]) == "a, b"
