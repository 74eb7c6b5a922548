"""Grades a brief: a judge per criterion (evidence must be a verbatim quote), then the agent runs it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from functions.agent.judges import Judge, is_verbatim_quote
from functions.agent.model import ModelClient, Usage
from functions.agent.runner import RunLimits, run_brief
from functions.gym.acceptance import run_checks
from functions.gym.models import AgentRun, CriterionResult
from functions.gym.specs import BriefTask, Criterion

MODEL_NOTE = (
    "No model is configured, so your brief was judged by the offline judge and not run. With a model, "
    "an agent would carry out your brief on the task's material, and you would see its output and which "
    "acceptance checks it passed."
)


@dataclass(frozen=True)
class BriefOutcome:
    criteria: list[CriterionResult]
    essentials: list[str]
    usage: Usage
    agent_run: AgentRun | None
    info: str | None
    model_note: str | None


def judge_brief(
    criteria: Sequence[Criterion], text: str, judge: Judge, deadline_monotonic: float | None = None
) -> list[CriterionResult]:
    """The judge's verdicts as results; a criterion counts only with evidence quoted verbatim from the text."""
    verdicts = {verdict.id: verdict for verdict in judge.judge(criteria, text, deadline_monotonic=deadline_monotonic)}
    results = []
    for criterion in criteria:
        verdict = verdicts.get(criterion.id)
        met = bool(verdict and verdict.met and is_verbatim_quote(verdict.evidence, text))
        results.append(
            CriterionResult(
                id=criterion.id,
                name=criterion.name,
                met=met,
                evidence=verdict.evidence if met and verdict else None,
                fix=None if met else criterion.fix,
                credit=1.0 if met else 0.0,
                weight=criterion.weight,
            )
        )
    return results


def grade_brief(
    task: BriefTask, text: str, judge: Judge, agent: ModelClient, deadline_monotonic: float, limits: RunLimits
) -> BriefOutcome:
    """Judge the brief; with a real model, also run it on the task's input and check the output."""
    criteria = judge_brief(task.criteria, text, judge, deadline_monotonic)
    essential_ids = {c.id for c in task.criteria if c.essential}
    essentials = [f"{c.name}: {c.fix}" for c in criteria if not c.met and c.id in essential_ids]
    if not (getattr(agent, "runs_briefs", False) and task.input is not None):
        usage = Usage(judge.usage.tokens_in, judge.usage.tokens_out, judge.usage.cost_usd)
        return BriefOutcome(criteria, essentials, usage, None, None, MODEL_NOTE)
    outcome = run_brief(
        agent,
        text,
        task.input,
        limits=limits,
        deadline_monotonic=deadline_monotonic,
        timeout_seconds=float(getattr(agent, "timeout_seconds", 20.0)),
    )
    run = AgentRun(
        output=outcome.output,
        checks=run_checks(task.acceptance, outcome.output),
        steps=outcome.steps,
        stopped_because=outcome.stopped_because,
    )
    usage = Usage(agent.usage.tokens_in, agent.usage.tokens_out, agent.usage.cost_usd)
    if judge.usage is not agent.usage:  # separate clients: add the judge's share
        usage.add(judge.usage.tokens_in, judge.usage.tokens_out, judge.usage.cost_usd)
    info = f"The agent ran your brief: {run.checks_passed} of {len(run.checks)} acceptance checks passed."
    return BriefOutcome(criteria, essentials, usage, run, info, None)
