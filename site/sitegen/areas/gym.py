"""The AI Gym's lessons: `/gym/` (by kind and dimension) and `/gym/<id>/` with the task form.

The private grading spec goes only into the content bundle (`bundle_section`), never into a page.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitegen.cache import digest, file_digest
from sitegen.context import BuildContext, Page
from sitegen.gymlessons.reader import LoadedLesson, read_lesson
from sitegen.gymlessons.spec import task_spec
from sitegen.markdown import render_markdown

KIND_TITLES = {
    "brief": "Write the brief",
    "plan": "Plan the work",
    "autonomy": "Set the autonomy",
    "review": "Review the output",
}
DIMENSION_TITLES = {
    "decomposition": "Decomposition",
    "sequencing": "Sequencing",
    "guardrails": "Guardrails",
    "quality-checks": "Quality checks",
    "ownership": "Ownership",
    "briefing": "Briefing",
    "fleet-design": "Fleet design",
}


def load(ctx: BuildContext) -> None:
    folder = ctx.options.content_dir / "gym"
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    lessons = [lesson for lesson in (_read_cached(path, ctx) for path in paths) if lesson is not None]
    ctx.data["gym_lessons"] = lessons
    ctx.data["gym"] = [summary(lesson) for lesson in lessons]


def _read_cached(path: Path, ctx: BuildContext) -> LoadedLesson | None:
    """A lesson, re-read only when its file changed (an invalid one is re-read, so its problems show)."""
    key = "gym:" + digest(str(path), file_digest(path))
    return ctx.cache.remember(key, lambda: read_lesson(path, ctx.problems))


def summary(loaded: LoadedLesson) -> dict[str, Any]:
    """What other areas (score, insights, account) may know about a lesson: public fields only."""
    lesson = loaded.lesson
    return {
        "id": loaded.id,
        "title": lesson.title,
        "url": loaded.url,
        "kind": lesson.kind,
        "dimensions": list(lesson.dimensions),
        "summary": lesson.summary,
        "minutes": lesson.minutes,
    }


def pages(ctx: BuildContext) -> Iterable[Page]:
    lessons: list[LoadedLesson] = ctx.data["gym_lessons"]
    by_kind = {kind: [summary(x) for x in lessons if x.lesson.kind == kind] for kind in KIND_TITLES}
    by_dimension = {dim: [summary(x) for x in lessons if dim in x.lesson.dimensions] for dim in DIMENSION_TITLES}
    yield Page(
        "/gym/",
        "gym_index.html",
        {
            "by_kind": by_kind,
            "by_dimension": by_dimension,
            "kind_titles": KIND_TITLES,
            "dimension_titles": DIMENSION_TITLES,
        },
    )
    for loaded in lessons:
        yield Page(loaded.url, "gym_lesson.html", lesson_context(loaded))


def lesson_context(loaded: LoadedLesson) -> dict[str, Any]:
    """The public parts of a lesson's task, as its page shows them (never `grading`)."""
    lesson = loaded.lesson
    task = lesson.task.model_dump()
    task["statement_html"] = loaded.statement_html
    if "scenario" in task:  # set like the rest of the page: curly quotes and dashes
        task["scenario_html"] = render_markdown(task["scenario"], smart_punctuation=True).html
    return {
        "lesson": summary(loaded),
        "body_html": loaded.body_html,
        "task": task,
        "kind_title": KIND_TITLES[lesson.kind],
        "dimension_titles": DIMENSION_TITLES,
        "plan_rows": len(task.get("work_items", [])) + 2,
    }


def bundle_section(ctx: BuildContext) -> dict[str, Any]:
    """Every task's full spec for the graders, by lesson id."""
    return {"tasks": {loaded.id: task_spec(loaded) for loaded in ctx.data["gym_lessons"]}}
