"""Grades a plan: coverage, an acyclic graph, dependencies, checkpoints, ownership and parallelism."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from functions.gym.models import CriterionResult, PlanStep, PlanSubmission
from functions.gym.specs import PlanTask

# How close to the best possible critical path counts as "parallel enough".
PARALLEL_ENOUGH = 0.9


def _result(
    id_: str, name: str, credit: float, evidence: str, fix: str | None, weight: float, met_at: float = 1.0
) -> CriterionResult:
    met = credit >= met_at - 1e-9
    return CriterionResult(
        id=id_, name=name, met=met, evidence=evidence, fix=None if met else fix, credit=round(credit, 4), weight=weight
    )


def find_cycle(steps: list[PlanStep]) -> list[str] | None:
    """One dependency cycle as step ids (first id repeated at the end), or None."""
    graph = {step.id: step.depends_on for step in steps}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for step in steps:
        if step.id not in state and (cycle := visit(step.id)) is not None:
            return cycle
    return None


def _ancestors(step_id: str, graph: dict[str, list[str]]) -> set[str]:
    """Every step that `step_id` waits for, directly or not."""
    seen: set[str] = set()
    stack = list(graph.get(step_id, []))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, []))
    return seen


def longest_path(durations: Mapping[str, float], waits_for: Mapping[str, Iterable[str]]) -> float:
    """The critical path of an acyclic graph (node -> the nodes it waits for)."""
    finish: dict[str, float] = {}

    def finish_of(node: str) -> float:
        if node not in finish:
            finish[node] = durations[node] + max((finish_of(dep) for dep in waits_for.get(node, ())), default=0.0)
        return finish[node]

    return max((finish_of(node) for node in durations), default=0.0)


def grade_plan(task: PlanTask, plan: PlanSubmission) -> list[CriterionResult]:
    """Every criterion of a plan task, with partial credit."""
    titles = {item.id: item.title for item in task.work_items}
    covering: dict[str, list[PlanStep]] = {item: [s for s in plan.steps if item in s.covers] for item in titles}
    graph = {step.id: step.depends_on for step in plan.steps}
    cycle = find_cycle(plan.steps)
    return [
        _coverage(task, covering, titles),
        _acyclic(cycle),
        _dependencies(task, covering, graph, titles),
        _irreversible_guarded(task, covering, titles),
        _checkpoint_restraint(task, plan),
        _ownership(task, covering, titles),
        _parallelism(task, plan, cycle),
    ]


def _coverage(task: PlanTask, covering: dict[str, list[PlanStep]], titles: dict[str, str]) -> CriterionResult:
    missing = [titles[item] for item, steps in covering.items() if not steps]
    total = len(titles)
    return _result(
        "coverage",
        "Covers every piece of work",
        (total - len(missing)) / total,
        f"{total - len(missing)} of {total} work items are in a step",
        f"Add a step for: {', '.join(missing)}.",
        weight=2,
    )


def _acyclic(cycle: list[str] | None) -> CriterionResult:
    if cycle is None:
        return _result("acyclic", "Has no circular waits", 1.0, "no step waits on itself", None, weight=1)
    loop = " -> ".join(cycle)
    return _result(
        "acyclic",
        "Has no circular waits",
        0.0,
        f"these steps wait on each other in a loop: {loop}",
        "Break the loop: decide which of these steps really has to come first.",
        weight=1,
    )


def _dependencies(
    task: PlanTask, covering: dict[str, list[PlanStep]], graph: dict[str, list[str]], titles: dict[str, str]
) -> CriterionResult:
    broken = []
    for dep in task.dependencies:
        before_steps = {s.id for s in covering[dep.before]}
        after_steps = covering[dep.after]
        held = bool(before_steps) and bool(after_steps)
        for step in after_steps:
            if not (before_steps - {step.id}) & _ancestors(step.id, graph):
                held = False
        if not held:
            broken.append(dep)
    total = len(task.dependencies)
    first = broken[0] if broken else None
    fix = f"Make '{titles[first.after]}' wait for '{titles[first.before]}': {first.why}" if first else None
    return _result(
        "dependencies",
        "Respects what must happen first",
        (total - len(broken)) / total if total else 1.0,
        f"{total - len(broken)} of {total} required orderings hold",
        fix,
        weight=2,
    )


def _irreversible_guarded(
    task: PlanTask, covering: dict[str, list[PlanStep]], titles: dict[str, str]
) -> CriterionResult:
    unguarded = [
        entry
        for entry in task.irreversible
        if not covering[entry.item] or any(not s.checkpoint and s.owner != "human" for s in covering[entry.item])
    ]
    total = len(task.irreversible)
    first = unguarded[0] if unguarded else None
    return _result(
        "checkpoints",
        "Puts a human checkpoint before what cannot be undone",
        (total - len(unguarded)) / total if total else 1.0,
        f"{total - len(unguarded)} of {total} irreversible steps wait for a human",
        f"Add a checkpoint before '{titles[first.item]}': {first.why}" if first else None,
        weight=2,
    )


def _checkpoint_restraint(task: PlanTask, plan: PlanSubmission) -> CriterionResult:
    irreversible = {entry.item for entry in task.irreversible}
    needless = [s for s in plan.steps if s.checkpoint and not irreversible.intersection(s.covers)]
    excess = max(0, len(needless) - task.spare_checkpoints)
    example = needless[0].title if needless else ""
    return _result(
        "restraint",
        "Keeps checkpoints where they matter",
        max(0.0, 1.0 - 0.25 * excess),
        f"{len(needless)} checkpoints sit on steps that can be undone",
        f"Drop the checkpoint on steps like '{example}': each one makes the work wait for you.",
        weight=1,
    )


def _ownership(task: PlanTask, covering: dict[str, list[PlanStep]], titles: dict[str, str]) -> CriterionResult:
    human = set(task.human_items)
    judged = [item for item, steps in covering.items() if steps]
    wrong = [item for item in judged if any(s.owner != ("human" if item in human else "agent") for s in covering[item])]
    first = wrong[0] if wrong else None
    if first is None:
        fix = None
    elif first in human:
        fix = f"'{titles[first]}' needs a person who is accountable for it, not an agent."
    else:
        fix = f"'{titles[first]}' is work an agent can do: give it to the agent and review the result."
    return _result(
        "ownership",
        "Gives each step the right owner",
        (len(judged) - len(wrong)) / len(judged) if judged else 0.0,
        f"{len(judged) - len(wrong)} of {len(judged)} planned work items have the right owner",
        fix,
        weight=1,
    )


def _parallelism(task: PlanTask, plan: PlanSubmission, cycle: list[str] | None) -> CriterionResult:
    days = {item.id: item.days for item in task.work_items}
    best = longest_path(days, _item_dependencies(task))
    name = "Runs independent work in parallel"
    if cycle is not None:
        fix = "Remove the circular wait first; then run independent steps side by side."
        return _result("parallelism", name, 0.0, "a plan with a loop has no end date", fix, weight=1)
    step_days = {s.id: sum(days[item] for item in s.covers) for s in plan.steps}
    yours = longest_path(step_days, {s.id: s.depends_on for s in plan.steps})
    credit = min(1.0, best / yours) if yours > 0 else 0.0
    return _result(
        "parallelism",
        name,
        credit,
        f"your critical path is {yours:g} days; the dependencies allow {best:g}",
        "Let steps that do not need each other's results run side by side instead of one after another.",
        weight=1,
        met_at=PARALLEL_ENOUGH,
    )


def _item_dependencies(task: PlanTask) -> dict[str, list[str]]:
    waits: dict[str, list[str]] = {}
    for dep in task.dependencies:
        waits.setdefault(dep.after, []).append(dep.before)
    return waits
