"""The Score's question bank: the real content passes its rules; broken content names file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitegen.problems import Problems
from sitegen.score_bank import MIN_ITEMS, load_bank
from sitegen.score_bundle import bundle_section, recommendations
from sitegen.score_models import DIMENSION_IDS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content" / "score", tmp_path / "score")
    return tmp_path


def _load(content: Path) -> tuple[object, list[str]]:
    problems = Problems(root=content)
    bank = load_bank(content, problems)
    return bank, [str(p) for p in sorted(problems.items)]


def test_the_real_bank_meets_the_issue_s_minimums(content: Path) -> None:
    bank, problems = _load(content)
    assert problems == []
    assert bank is not None
    assert len(bank.items) >= MIN_ITEMS  # type: ignore[attr-defined]
    assert {s.item.type for s in bank.items} == {"single", "ranking", "pick", "rating"}  # type: ignore[attr-defined]
    for dimension in DIMENSION_IDS:
        assert sum(s.item.dimensions.get(dimension, 0) >= 0.5 for s in bank.items) >= 3  # type: ignore[attr-defined]
    assert any(len(s.item.dimensions) > 1 for s in bank.items)  # type: ignore[attr-defined]
    assert len(bank.familiarity.questions) >= 4  # type: ignore[attr-defined]
    assert len(bank.bands.bands) >= 4  # type: ignore[attr-defined]


def test_the_quiz_takes_about_seven_minutes(content: Path) -> None:
    bank, _ = _load(content)
    assert 5 <= bank.minutes() <= 8  # type: ignore[attr-defined]


def test_the_version_is_a_hash_of_the_content(content: Path) -> None:
    before, _ = _load(content)
    path = content / "score" / "bands.yml"
    path.write_text(path.read_text().replace("Passenger", "Passenger seat"))
    after, _ = _load(content)
    assert before.version != after.version  # type: ignore[attr-defined]
    assert len(before.version) == 16  # type: ignore[attr-defined]


BROKEN = [
    ("items/01-board-pack.yml", "points: 1\n", "points: 3\n", "items/01-board-pack.yml:12: options.1.points"),
    (
        "items/02-competitor-pricing.yml",
        "pick: 2",
        "pick: 3",
        "items/02-competitor-pricing.yml:1: document: Value error, pick is 3 but 2",
    ),
    (
        "items/04-pricing-page-launch.yml",
        "place: 4",
        "place: 2",
        "items/04-pricing-page-launch.yml:7: options: Value error, places",
    ),
    (
        "items/03-support-backlog.yml",
        "type: rating",
        "type: essay",
        "items/03-support-backlog.yml:1: type: must be one of",
    ),
    (
        "items/03-support-backlog.yml",
        "rating: 2",
        "rating: 7",
        "items/03-support-backlog.yml:9: options.0.rating: must be on the scale",
    ),
    ("bands.yml", "min: 40", "min: 0", "bands.yml:3: bands: Value error, each min must be higher"),
    ("dimensions.yml", "id: briefing", "id: briefs", "dimensions.yml:40: dimensions.5.id"),
    ("settings.yml", "gap_ceiling: 75", "gap_ceiling: many", "settings.yml:19: gap_ceiling"),
    ("familiarity.yml", "value: 4", "value: 5", "familiarity.yml:12: questions.0.options.4.value"),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), BROKEN)
def test_a_content_mistake_is_reported_as_path_line_field(
    content: Path, name: str, old: str, new: str, expected: str
) -> None:
    path = content / "score" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    bank, problems = _load(content)
    assert bank is None
    assert any("/score/" + expected in p for p in problems), problems


def test_a_bank_with_too_few_items_is_rejected(content: Path) -> None:
    for path in sorted((content / "score" / "items").glob("*.yml"))[:3]:
        path.unlink()
    _, problems = _load(content)
    assert any("at least 21 scored items" in p for p in problems)


LESSON = {
    "id": "l1",
    "title": "Plan a launch",
    "url": "/gym/l1/",
    "kind": "plan",
    "dimensions": ["sequencing"],
    "summary": "s",
}
ARTICLE = {
    "slug": "a1",
    "title": "On briefs",
    "url": "/insights/a1/",
    "tags": ["briefing", "ai"],
    "summary": "s",
    "date": "2026-05-01",
}


def test_recommendations_come_from_lesson_dimensions_and_article_tags() -> None:
    found = recommendations({"lessons": [LESSON]}, [ARTICLE])
    assert [x["url"] for x in found["sequencing"]["lessons"]] == ["/gym/l1/"]
    assert found["sequencing"]["articles"] == []
    assert [x["url"] for x in found["briefing"]["articles"]] == ["/insights/a1/"]


def test_recommendations_are_empty_when_the_gym_or_insights_are_absent() -> None:
    found = recommendations(None, None)
    assert set(found) == set(DIMENSION_IDS)
    assert all(v == {"lessons": [], "articles": []} for v in found.values())


def test_the_bundle_section_carries_each_item_s_key_dimensions_and_options(content: Path) -> None:
    bank, _ = _load(content)
    section = bundle_section(bank, None, None)  # type: ignore[arg-type]
    for item in section["items"]:
        assert set(item) >= {"id", "type", "dimensions", "options", "key", "explanation"}
        assert item["options"]
        assert all(set(o) == {"id", "text"} for o in item["options"])
    assert section["version"] == bank.version  # type: ignore[attr-defined]
