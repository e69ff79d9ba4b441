import pytest

from tracer.scanner.ids import normalise_story_id, parse_id_list


@pytest.mark.parametrize("raw, expected", [
    ("US-001", "US-001"), ("US-3", "US-003"), ("us-003", "US-003"), ("US-QR-013", "US-QR-013"),
    ("FR1", "FR-001"), ("FR-017a", "FR-017a"), ("NFR6", "NFR-006"), ("no id here", ""),
])
def test_normalise(raw, expected):
    assert normalise_story_id(raw) == expected


@pytest.mark.parametrize("text, expected", [
    ("US-001, US-004", ["US-001", "US-004"]),
    ("US-002–US-005", ["US-002", "US-003", "US-004", "US-005"]),
    ("US-002-US-004", ["US-002", "US-003", "US-004"]),
    ("US-010 through US-012", ["US-010", "US-011", "US-012"]),
    ("US-3 and US-QR-013", ["US-003", "US-QR-013"]),
    ("{{storyIds}}", []),
    ("US-001, {{more}}", ["US-001"]),
])
def test_parse_lists_and_ranges(text, expected):
    assert [i for i, _ in parse_id_list(text)] == expected


def test_huge_range_is_not_expanded():
    ids = [i for i, _ in parse_id_list("US-001–US-9999")]
    assert ids == ["US-001", "US-9999"]
