"""Reads `content/gym/<id>.md`: front matter validated with file:line errors, the body rendered."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen import markdown
from sitegen.frontmatter import line_of, load_yaml, parse_yaml, split_front_matter
from sitegen.gymlessons.schema import (
    LESSON_MODELS,
    AutonomyLesson,
    BriefLesson,
    Lesson,
    PlanLesson,
    ReviewLesson,
)
from sitegen.problems import Problems

LESSON_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,60}$")
MIN_BODY_WORDS = 150


def render_markdown(text: str) -> str:
    """Markdown to safe HTML with typographic quotes and dashes: the insights renderer (sitegen.markdown)."""
    return markdown.render_markdown(text, smart_punctuation=True).html


@dataclass(frozen=True)
class LoadedLesson:
    id: str
    path: Path
    lesson: Lesson
    body_html: str
    statement_html: str

    @property
    def url(self) -> str:
        return f"/gym/{self.id}/"


class _Reporter:
    def __init__(self, path: Path, problems: Problems, lines: Mapping[tuple[Any, ...], int], first: int) -> None:
        self.path, self.problems, self.lines, self.first = path, problems, lines, first
        self.count = 0

    def __call__(self, loc: tuple[Any, ...], message: str) -> None:
        field = ".".join(str(part) for part in loc)
        self.problems.add(self.path, line_of(self.lines, loc, self.first), field, message)
        self.count += 1


def read_lesson(path: Path, problems: Problems) -> LoadedLesson | None:
    """One lesson file, or None after reporting every problem found in it."""
    text = path.read_text(encoding="utf-8")
    lesson_id = path.stem
    if not LESSON_ID.match(lesson_id):
        problems.add(path, 1, "id", "the file name must be lower-case words joined by hyphens")
    split = split_front_matter(text)
    if split is None:
        problems.add(path, 1, "front matter", "the file must start with front matter between two `---` lines")
        return None
    try:
        front = load_yaml(split.front)
    except yaml.YAMLError:
        # Let the YAML reader report the syntax error with its line.
        parse_yaml(split.front, BriefLesson, path, problems, first_line=split.front_line)
        return None
    kind = front.get("kind") if isinstance(front, dict) else None
    model = LESSON_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        line = split.front_line + next((i for i, ln in enumerate(split.front.splitlines()) if ln.startswith("kind")), 0)
        problems.add(path, line, "kind", "must be one of: brief, plan, autonomy, review")
        return None
    lesson, lines = parse_yaml(split.front, model, path, problems, first_line=split.front_line)
    if lesson is None:
        return None
    report = _Reporter(path, problems, lines, split.front_line)
    _cross_check(lesson, report)
    if len(split.body.split()) < MIN_BODY_WORDS:
        problems.add(path, split.body_line, "body", f"the lesson needs at least {MIN_BODY_WORDS} words")
    if report.count:
        return None
    return LoadedLesson(lesson_id, path, lesson, render_markdown(split.body), render_markdown(lesson.task.statement))


def _duplicates(values: list[str]) -> list[int]:
    seen: set[str] = set()
    out = []
    for index, value in enumerate(values):
        if value in seen:
            out.append(index)
        seen.add(value)
    return out


def _cross_check(lesson: Lesson, report: _Reporter) -> None:
    if isinstance(lesson, BriefLesson):
        _check_brief(lesson, report)
    elif isinstance(lesson, PlanLesson):
        _check_plan(lesson, report)
    elif isinstance(lesson, AutonomyLesson):
        _check_autonomy(lesson, report)
    elif isinstance(lesson, ReviewLesson):
        _check_review(lesson, report)


def _check_brief(lesson: BriefLesson, report: _Reporter) -> None:
    for index in _duplicates([c.id for c in lesson.grading.criteria]):
        report(("grading", "criteria", index, "id"), "criterion ids must be unique")
    for index, criterion in enumerate(lesson.grading.criteria):
        for cue_index, cue in enumerate(criterion.cues):
            if not [alt for alt in cue.split("|") if alt.strip("! ")]:
                report(("grading", "criteria", index, "cues", cue_index), "a cue group needs at least one term")
        for set_index, cue_set in enumerate(criterion.more_cues):
            if not cue_set or any(not [alt for alt in cue.split("|") if alt.strip("! ")] for cue in cue_set):
                report(("grading", "criteria", index, "more_cues", set_index), "each cue group needs a term")
    needs = {"must_include": "text", "must_not_include": "text", "max_words": "limit", "json_schema": "json_schema"}
    for index, check in enumerate(lesson.grading.acceptance):
        given = {name for name in ("text", "limit", "json_schema") if getattr(check, name) is not None}
        if given != {needs[check.type]}:
            report(("grading", "acceptance", index), f"a {check.type} check takes exactly `{needs[check.type]}`")
        elif check.json_schema is not None:
            from jsonschema import Draft202012Validator, SchemaError  # ~40 ms: only when a lesson is read

            try:
                Draft202012Validator.check_schema(check.json_schema)
            except SchemaError as exc:
                report(("grading", "acceptance", index, "json_schema"), f"not a valid JSON Schema: {exc.message}")
    if lesson.grading.acceptance and lesson.task.input is None:
        report(("task",), "acceptance checks need an agent `input` to run on")


def _check_plan(lesson: PlanLesson, report: _Reporter) -> None:
    items = [item.id for item in lesson.task.work_items]
    for index in _duplicates(items):
        report(("task", "work_items", index, "id"), "work item ids must be unique")
    known = set(items)
    for index, dep in enumerate(lesson.grading.dependencies):
        for end in ("before", "after"):
            if getattr(dep, end) not in known:
                report(("grading", "dependencies", index, end), f"no work item {getattr(dep, end)!r}")
    for index, entry in enumerate(lesson.grading.irreversible):
        if entry.item not in known:
            report(("grading", "irreversible", index, "item"), f"no work item {entry.item!r}")
    for index, item in enumerate(lesson.grading.human_items):
        if item not in known:
            report(("grading", "human_items", index), f"no work item {item!r}")
    if _has_cycle({(d.before, d.after) for d in lesson.grading.dependencies}):
        report(("grading", "dependencies"), "the required dependencies form a cycle")


def _has_cycle(edges: set[tuple[str, str]]) -> bool:
    remaining = set(edges)
    while remaining:
        sources = {a for a, _ in remaining} - {b for _, b in remaining}
        if not sources:
            return True
        remaining = {(a, b) for a, b in remaining if a not in sources}
    return False


def _check_autonomy(lesson: AutonomyLesson, report: _Reporter) -> None:
    actions = [a.id for a in lesson.task.actions]
    for index in _duplicates(actions):
        report(("task", "actions", index, "id"), "action ids must be unique")
    for action_id in actions:
        if action_id not in lesson.grading.key:
            report(("grading", "key"), f"no key entry for action {action_id!r}")
    for action_id in lesson.grading.key:
        if action_id not in actions:
            report(("grading", "key", action_id), "no such action in task.actions")


def _check_review(lesson: ReviewLesson, report: _Reporter) -> None:
    count = len(lesson.task.lines)
    for index in _duplicates([d.id for d in lesson.grading.defects]):
        report(("grading", "defects", index, "id"), "defect ids must be unique")
    for index, defect in enumerate(lesson.grading.defects):
        for line in defect.lines:
            if not 1 <= line <= count:
                report(("grading", "defects", index, "lines"), f"line {line} is outside the output (1-{count})")
