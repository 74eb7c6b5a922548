"""The gym's content: lessons validated with file:line errors, public pages free of grading specs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sitegen.build import load_content
from sitegen.context import BuildOptions
from sitegen.problems import ContentInvalid

ROOT = Path(__file__).resolve().parents[3]
LESSON_IDS = {
    "brief-research-digest",
    "brief-customer-reply",
    "plan-product-launch",
    "plan-month-end-close",
    "autonomy-support-inbox",
    "autonomy-procurement",
    "review-market-summary",
    "review-contract-extraction",
}
DIMENSIONS = {"decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing", "fleet-design"}


def private_strings(spec: dict[str, Any]) -> list[str]:
    """Text that only the grading spec holds: pass rules, fixes, keys, defects, cues."""
    found: list[str] = []
    for criterion in spec.get("criteria", []):
        # One-word cues ("json", "sources") are ordinary words any page may use (every article's
        # JSON-LD says "ld+json"); phrases are what would give an answer away.
        found += [criterion["description"], criterion["fix"], *(cue for cue in criterion["cues"] if " " in cue)]
    found += [dep["why"] for dep in spec.get("dependencies", [])]
    found += [entry["why"] for entry in spec.get("irreversible", [])]
    found += [entry["why"] for entry in spec.get("key", {}).values()]
    for defect in spec.get("defects", []):
        found += [defect["description"], defect["hint"]]
    return found


def test_every_lesson_page_exists_and_none_contains_its_grading_spec(built_site: Path) -> None:
    bundle = json.loads((built_site / "bundle" / "bundle.json").read_text(encoding="utf-8"))
    tasks = bundle["sections"]["gym"]["tasks"]
    pages = {path: path.read_text(encoding="utf-8") for path in (built_site / "site").rglob("*.html")}
    everything = "\n".join(pages.values())
    assert tasks
    for lesson_id, spec in tasks.items():
        assert (built_site / "site" / "gym" / lesson_id / "index.html").exists()
        leaks = [text for text in private_strings(spec) if text in everything]
        assert leaks == [], f"{lesson_id} leaks its grading spec"
    assert "grading" not in pages[built_site / "site" / "gym" / "index.html"]


def test_the_real_lessons_cover_every_kind_twice_and_every_dimension(built_site: Path) -> None:
    from functions.bundle import load_bundle
    from functions.gym.tasks import load_tasks

    tasks = load_tasks(load_bundle(built_site / "bundle"))
    assert set(tasks) == LESSON_IDS
    kinds = [task.kind for task in tasks.values()]
    assert all(kinds.count(kind) == 2 for kind in ("brief", "plan", "autonomy", "review"))
    assert {d for task in tasks.values() for d in task.dimensions} == DIMENSIONS


def test_the_lesson_list_for_other_areas_holds_public_fields_only() -> None:
    ctx = load_content(BuildOptions(content_dir=ROOT / "content", out_dir=Path("unused"), bundle_dir=Path("unused")))
    lessons = ctx.data["gym"]
    assert {lesson["id"] for lesson in lessons} == LESSON_IDS
    for lesson in lessons:
        assert set(lesson) == {"id", "title", "url", "kind", "dimensions", "summary", "minutes"}
        assert lesson["url"] == f"/gym/{lesson['id']}/"


def test_each_task_form_carries_the_markup_the_page_script_relies_on(built_site: Path) -> None:
    site = built_site / "site" / "gym"
    brief = (site / "brief-research-digest" / "index.html").read_text(encoding="utf-8")
    assert 'data-gym-form data-task-id="brief-research-digest" data-kind="brief"' in brief
    assert 'data-error-for="submission.text"' in brief
    assert "data-gym-result" in brief
    plan = (site / "plan-product-launch" / "index.html").read_text(encoding="utf-8")
    assert 'data-step-id="s1"' in plan
    assert 'name="covers" value="research"' in plan
    autonomy = (site / "autonomy-support-inbox" / "index.html").read_text(encoding="utf-8")
    assert 'name="settings.tag" value="checkpoint"' in autonomy
    review = (site / "review-market-summary" / "index.html").read_text(encoding="utf-8")
    assert 'name="flagged" value="10"' in review
    assert 'name="note.10"' in review


def write_lesson(folder: Path, name: str, front: str, body_words: int = 200) -> None:
    (folder / "gym").mkdir(parents=True, exist_ok=True)
    (folder / "gym" / name).write_text(f"---\n{front}---\n" + "word " * body_words, encoding="utf-8")


def copy_site_settings(root: Path) -> Path:
    """A copy of the real content without its lessons; problems are shown relative to its parent."""
    folder = root / "content"
    shutil.copytree(ROOT / "content", folder)
    shutil.rmtree(folder / "gym")
    return folder


def problems_for(folder: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as caught:
        load_content(BuildOptions(content_dir=folder, out_dir=folder / "out", bundle_dir=folder / "bundle"))
    return [str(p) for p in caught.value.problems.items]


def test_a_broken_lesson_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    tmp_path = copy_site_settings(tmp_path)
    source = (ROOT / "content" / "gym" / "plan-product-launch.md").read_text(encoding="utf-8")
    broken = source.replace("before: qa, after: publish", "before: qa, after: pubilsh").replace(
        "dimensions: [decomposition, sequencing, guardrails]", "dimensions: [decomposition, juggling]"
    )
    (tmp_path / "gym").mkdir(exist_ok=True)
    (tmp_path / "gym" / "plan-product-launch.md").write_text(broken, encoding="utf-8")
    found = problems_for(tmp_path)
    line_of = {text: n for n, text in enumerate(broken.splitlines(), start=1)}
    dims_line = next(n for t, n in line_of.items() if t.startswith("dimensions:"))
    assert any(p.startswith(f"content/gym/plan-product-launch.md:{dims_line}: dimensions.1:") for p in found), found
    # The cross-reference error is reported once the schema passes; fix the dimension and look again.
    (tmp_path / "gym" / "plan-product-launch.md").write_text(
        broken.replace("[decomposition, juggling]", "[decomposition]"), encoding="utf-8"
    )
    found = problems_for(tmp_path)
    dep_line = next(n for t, n in line_of.items() if "pubilsh" in t)
    assert (
        f"content/gym/plan-product-launch.md:{dep_line}: grading.dependencies.6.after: no work item 'pubilsh'" in found
    )


def test_a_lesson_with_an_unknown_kind_or_a_short_body_is_refused(tmp_path: Path) -> None:
    tmp_path = copy_site_settings(tmp_path)
    write_lesson(tmp_path, "odd-one.md", "title: Odd one out\nkind: poetry\n")
    source = (ROOT / "content" / "gym" / "review-market-summary.md").read_text(encoding="utf-8")
    front = source.split("---\n")[1]
    write_lesson(tmp_path, "review-short.md", front, body_words=20)
    found = problems_for(tmp_path)
    assert "content/gym/odd-one.md:3: kind: must be one of: brief, plan, autonomy, review" in found
    assert any(p.startswith("content/gym/review-short.md:") and ": body: the lesson needs at least" in p for p in found)


def test_a_lesson_body_is_rendered_safely_with_typographic_quotes_and_linked_headings(tmp_path: Path) -> None:
    from sitegen.gymlessons.reader import read_lesson
    from sitegen.problems import Problems

    source = (ROOT / "content" / "gym" / "brief-customer-reply.md").read_text(encoding="utf-8")
    body = '\n## Say "done" first\n\nIt\'s <script>alert(1)</script> <img src=x onerror="alert(2)"> -- a test.\n'
    (tmp_path / "brief-customer-reply.md").write_text(source + body, encoding="utf-8")
    problems = Problems(root=tmp_path)
    lesson = read_lesson(tmp_path / "brief-customer-reply.md", problems)
    assert lesson is not None, problems.report()
    html = lesson.body_html
    assert '<h2 id="say-done-first">Say “done” first<a class="heading-anchor" href="#say-done-first">' in html
    assert '<p>It’s  <img alt="" src="x"> – a test.</p>' in html
    for unsafe in ("<script", "alert(1)", "onerror"):
        assert unsafe not in html


def test_a_brief_task_s_situation_is_set_with_the_same_typography_as_its_lesson(built_site: Path) -> None:
    page = (built_site / "site" / "gym" / "brief-customer-reply" / "index.html").read_text(encoding="utf-8")
    situation = page.split("<h3>The situation</h3>", 1)[1].split("</div>", 1)[0]
    assert "A customer\u2019s sofa arrived damaged" in situation
    assert "'" not in situation
