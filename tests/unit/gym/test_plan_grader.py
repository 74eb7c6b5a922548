"""The plan grader: coverage, cycles, dependencies, checkpoints, ownership and the critical path."""

from __future__ import annotations

import time
from typing import Any

import pytest

from functions.agent.model import OfflineModel
from functions.agent.offline_judge import OfflineJudge
from functions.gym.grading import grade
from functions.gym.models import PlanStep, PlanSubmission

GOOD_PLAN = [
    ("s1", "Research competitors", ["research"], [], "agent", False),
    ("s2", "Draft copy", ["copy"], ["s1"], "agent", False),
    ("s3", "Legal review", ["legal"], ["s2"], "human", False),
    ("s4", "Build page", ["build"], ["s2"], "agent", False),
    ("s5", "Configure billing", ["billing"], [], "agent", False),
    ("s6", "Test checkout", ["qa"], ["s4", "s5"], "agent", False),
    ("s7", "Write email", ["email"], ["s2"], "agent", False),
    ("s8", "Publish", ["publish"], ["s3", "s6"], "agent", True),
    ("s9", "Send email", ["send"], ["s8", "s7"], "agent", True),
]


def plan(rows: list[tuple[str, str, list[str], list[str], str, bool]]) -> PlanSubmission:
    steps = [
        PlanStep(id=i, title=t, covers=c, depends_on=d, owner=o, checkpoint=k)  # type: ignore[arg-type]
        for i, t, c, d, o, k in rows
    ]
    return PlanSubmission(kind="plan", steps=steps)


def by_id(grade_: Any) -> dict[str, Any]:
    return {c.id: c for c in grade_.criteria}


def run(task: Any, submission: PlanSubmission) -> Any:
    return grade(task, submission, judge=OfflineJudge(), agent=OfflineModel(), deadline_monotonic=time.monotonic() + 30)


@pytest.fixture
def launch(tasks: dict[str, Any]) -> Any:
    return tasks["plan-product-launch"]


def test_a_plan_that_respects_every_rule_scores_full_marks(launch: Any) -> None:
    result = run(launch, plan(GOOD_PLAN))
    assert result.score == 100
    assert all(c.met for c in result.criteria)
    assert "critical path is 9 days; the dependencies allow 9" in by_id(result)["parallelism"].evidence


def test_missing_work_items_get_partial_coverage_credit_and_are_named(launch: Any) -> None:
    rows = [r for r in GOOD_PLAN if r[0] not in ("s5", "s7")]
    rows = [(i, t, c, [d for d in deps if d not in ("s5", "s7")], o, k) for i, t, c, deps, o, k in rows]
    coverage = by_id(run(launch, plan(rows)))["coverage"]
    assert coverage.credit == pytest.approx(7 / 9, abs=1e-3)
    assert not coverage.met
    assert "Configure the new tier in the billing system" in coverage.fix
    assert "Write the announcement email" in coverage.fix


def test_a_cycle_fails_the_graph_criterion_names_the_loop_and_leaves_no_critical_path(launch: Any) -> None:
    rows = [(i, t, c, (["s6"] if i == "s4" else d), o, k) for i, t, c, d, o, k in GOOD_PLAN]
    result = by_id(run(launch, plan(rows)))
    assert not result["acyclic"].met
    assert "s4 -> s6 -> s4" in result["acyclic"].evidence or "s6 -> s4 -> s6" in result["acyclic"].evidence
    assert result["parallelism"].credit == 0


def test_a_fully_sequential_plan_loses_parallelism_credit_in_proportion(launch: Any) -> None:
    ids = [r[0] for r in GOOD_PLAN]
    rows = [(i, t, c, ([ids[n - 1]] if n else []), o, k) for n, (i, t, c, _d, o, k) in enumerate(GOOD_PLAN)]
    parallelism = by_id(run(launch, plan(rows)))["parallelism"]
    assert "critical path is 15 days; the dependencies allow 9" in parallelism.evidence
    assert parallelism.credit == pytest.approx(9 / 15, abs=1e-3)
    assert not parallelism.met


def test_a_dropped_dependency_is_reported_with_its_reason(launch: Any) -> None:
    rows = [(i, t, c, (["s3"] if i == "s8" else d), o, k) for i, t, c, d, o, k in GOOD_PLAN]
    deps = by_id(run(launch, plan(rows)))["dependencies"]
    assert deps.credit == pytest.approx(8 / 9, abs=1e-3)
    assert "Make 'Publish the page to the live site' wait for 'Test checkout end to end on staging'" in deps.fix


def test_two_dependent_items_lumped_into_one_step_do_not_count_as_ordered(launch: Any) -> None:
    rows = [(i, t, (["publish", "send"] if i == "s8" else c), d, o, k) for i, t, c, d, o, k in GOOD_PLAN if i != "s9"]
    deps = by_id(run(launch, plan(rows)))["dependencies"]
    assert deps.credit == pytest.approx(8 / 9, abs=1e-3)


def test_an_irreversible_step_without_a_checkpoint_fails_the_checkpoint_criterion(launch: Any) -> None:
    rows = [(i, t, c, d, o, (False if i == "s9" else k)) for i, t, c, d, o, k in GOOD_PLAN]
    result = run(launch, plan(rows))
    checkpoints = by_id(result)["checkpoints"]
    assert checkpoints.credit == 0.5
    assert "Add a checkpoint before 'Send the announcement email to 40,000 customers'" in checkpoints.fix
    assert result.score < 100


def test_checkpointing_every_step_costs_restraint_credit(launch: Any) -> None:
    rows = [(i, t, c, d, o, True) for i, t, c, d, o, _k in GOOD_PLAN]
    restraint = by_id(run(launch, plan(rows)))["restraint"]
    assert "7 checkpoints sit on steps that can be undone" in restraint.evidence
    assert restraint.credit == 0.0


def test_a_legal_sign_off_given_to_an_agent_fails_ownership(launch: Any) -> None:
    rows = [(i, t, c, d, ("agent" if i == "s3" else o), k) for i, t, c, d, o, k in GOOD_PLAN]
    ownership = by_id(run(launch, plan(rows)))["ownership"]
    assert ownership.credit == pytest.approx(8 / 9, abs=1e-3)
    assert "needs a person who is accountable" in ownership.fix


def test_comments_are_one_to_three_and_ordered_by_importance(launch: Any) -> None:
    rows = [(i, t, c, [], "agent", False) for i, t, c, _d, _o, _k in GOOD_PLAN]
    comments = run(launch, plan(rows)).comments
    order = ["essential", "actionable", "informative", "celebratory"]
    assert 1 <= len(comments) <= 3
    assert [order.index(c.kind) for c in comments] == sorted(order.index(c.kind) for c in comments)
