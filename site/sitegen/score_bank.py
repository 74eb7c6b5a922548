"""Reads `content/score/` into one validated bank, with its version (a hash of its content)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen.frontmatter import load_yaml, parse_yaml, read_yaml_file
from sitegen.problems import Problems
from sitegen.score_models import (
    DIMENSION_IDS,
    ITEM_MODELS,
    BandsFile,
    DimensionsFile,
    FamiliarityFile,
    Item,
    RatingItem,
    SettingsFile,
)

MIN_ITEMS = 21
MIN_ITEMS_PER_DIMENSION = 3
# An item counts towards a dimension's minimum when it weighs at least this much on it.
COUNTING_WEIGHT = 0.5
_ITEM_FILE = re.compile(r"^(\d+-)?(?P<id>[a-z0-9]+(-[a-z0-9]+)*)\.yml$")
# Reading speed and per-type answering time behind the "about N minutes" estimate: 250 words a
# minute sits between measured silent reading of non-fiction (about 238) and common read-time tools.
WORDS_PER_MINUTE = 250
ANSWER_SECONDS = {"single": 4, "pick": 6, "ranking": 12, "rating": 10, "familiarity": 3}


@dataclass(frozen=True)
class ScoredItem:
    id: str
    item: Item
    path: Path
    lines: dict[tuple[Any, ...], int]  # YAML key path -> 0-based line, for cross-file problems


@dataclass(frozen=True)
class Bank:
    """Everything the quiz asks and every word of its result."""

    dimensions: DimensionsFile
    bands: BandsFile
    settings: SettingsFile
    familiarity: FamiliarityFile
    items: list[ScoredItem]
    version: str

    def minutes(self) -> int:
        """About how long the quiz takes, rounded to whole minutes."""
        seconds = 0.0
        for scored in self.items:
            words = " ".join([scored.item.scenario, scored.item.question, *(o.text for o in scored.item.options)])
            seconds += len(words.split()) * 60 / WORDS_PER_MINUTE + ANSWER_SECONDS[scored.item.type]
        for question in self.familiarity.questions:
            words = " ".join([question.question, *(o.text for o in question.options)])
            seconds += len(words.split()) * 60 / WORDS_PER_MINUTE + ANSWER_SECONDS["familiarity"]
        return round(seconds / 60)


def _read_item(path: Path, problems: Problems) -> ScoredItem | None:
    match = _ITEM_FILE.match(path.name)
    if match is None:
        problems.add(path, 1, "file name", "name item files like `07-short-id.yml` (lower case, digits, hyphens)")
        return None
    text = path.read_text(encoding="utf-8")
    try:
        raw = load_yaml(text)  # libyaml: the pure Python loader took ~3 ms an item
    except yaml.YAMLError:
        raw = None  # parse_yaml below reports the syntax error with its line
    kind = raw.get("type") if isinstance(raw, dict) else None
    model = ITEM_MODELS.get(kind) if isinstance(kind, str) else None
    if isinstance(raw, dict) and model is None:
        line = next((n + 1 for n, row in enumerate(text.splitlines()) if row.startswith("type:")), 1)
        problems.add(path, line, "type", f"must be one of {', '.join(ITEM_MODELS)}")
        return None
    item, lines = parse_yaml(text, model or ITEM_MODELS["single"], path, problems)
    return ScoredItem(match.group("id"), item, path, lines) if item is not None else None  # type: ignore[arg-type]


def _check_bank(content: Path, items: list[ScoredItem], settings: SettingsFile | None, problems: Problems) -> None:
    """Rules that span files: enough items, every dimension covered, ratings on the scale."""
    folder = content / "score" / "items"
    if len(items) < MIN_ITEMS:
        problems.add(folder, 1, "items", f"the bank needs at least {MIN_ITEMS} scored items, it has {len(items)}")
    if len({s.id for s in items}) != len(items):
        problems.add(folder, 1, "items", "two item files give the same id")
    for dimension in DIMENSION_IDS:
        weights = [weight for s in items for name, weight in s.item.dimensions.items() if name == dimension]
        count = sum(1 for weight in weights if weight >= COUNTING_WEIGHT)
        if count < MIN_ITEMS_PER_DIMENSION:
            problems.add(
                folder,
                1,
                f"dimensions.{dimension}",
                f"needs {MIN_ITEMS_PER_DIMENSION} items weighing >= 0.5, has {count}",
            )
    if settings is not None:
        top = len(settings.rating_scale)
        for scored in items:
            if isinstance(scored.item, RatingItem):
                for index, option in enumerate(scored.item.options):
                    if option.rating > top:
                        line = 1 + scored.lines.get(("options", index, "rating"), 0)
                        problems.add(scored.path, line, f"options.{index}.rating", f"must be on the scale 1..{top}")


def content_version(parts: dict[str, Any]) -> str:
    """A short hash of the bank's content: attempts record it."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_bank(content: Path, problems: Problems) -> Bank | None:
    """Read and check every file of the bank; None (with problems recorded) if anything is wrong."""
    folder = content / "score"
    dimensions = read_yaml_file(folder / "dimensions.yml", DimensionsFile, problems)
    bands = read_yaml_file(folder / "bands.yml", BandsFile, problems)
    settings = read_yaml_file(folder / "settings.yml", SettingsFile, problems)
    familiarity = read_yaml_file(folder / "familiarity.yml", FamiliarityFile, problems)
    read = [_read_item(path, problems) for path in sorted((folder / "items").glob("*.yml"))]
    items = [scored for scored in read if scored is not None]
    found_before = len(problems.items)
    _check_bank(content, items, settings, problems)
    if len(problems.items) > found_before or len(items) != len(read):
        return None
    if dimensions is None or bands is None or settings is None or familiarity is None:
        return None
    version = content_version(
        {
            "dimensions": dimensions.model_dump(mode="json"),
            "bands": bands.model_dump(mode="json"),
            "settings": settings.model_dump(mode="json"),
            "familiarity": familiarity.model_dump(mode="json"),
            "items": [[s.id, s.item.model_dump(mode="json")] for s in items],
        }
    )
    return Bank(dimensions, bands, settings, familiarity, items, version)
