"""The grading cascade: deterministic checks first, then a judge per criterion for briefs, then the agent run."""

from __future__ import annotations

from functions.agent.judges import Judge, is_verbatim_quote
from functions.agent.model import ModelClient, ModelOutputInvalid, ModelRejected, ModelUnavailable, Usage
from functions.agent.runner import RunLimits, run_brief
from functions.gym.acceptance import run_checks
from functions.gym.feedback import compose_comments, weighted_score
from functions.gym.graders.autonomy import grade_autonomy, unchecked_risks
from functions.gym.graders.plan import grade_plan
from functions.gym.graders.review import grade_review
from functions.gym.models import (
    AgentRun,
    AutonomySubmission,
    BriefSubmission,
    CriterionResult,
    Grade,
    PlanSubmission,
    ReviewSubmission,
)
from functions.gym.specs import AnyTask, AutonomyTask, BriefTask, PlanTask, ReviewTask
from functions.gym.tasks import AnySubmission, check_submission
from functions.jobs import RetryLater

MODEL_NOTE = (
    "No model is configured, so your brief was judged by the offline judge and not run. With a model, "
    "an agent would carry out your brief on the task's material, and you would see its output and which "
    "acceptance checks it passed."
)


class GradingFailed(Exception):
    """Grading cannot succeed for this attempt; `reason_for_user` says why in words a user can read."""

    def __init__(self, reason_for_user: str) -> None:
        super().__init__(reason_for_user)
        self.reason_for_user = reason_for_user


def grade(
    task: AnyTask,
    submission: AnySubmission,
    *,
    judge: Judge,
    agent: ModelClient,
    deadline_monotonic: float,
    limits: RunLimits | None = None,
) -> Grade:
    """Grade one attempt. Raises RetryLater (model busy or slow) or GradingFailed (will not succeed)."""
    problems = check_submission(task, submission)
    if problems:
        raise GradingFailed(f"The submission does not fit this task: {problems[0].field}: {problems[0].message}")
    try:
        if isinstance(task, BriefTask) and isinstance(submission, BriefSubmission):
            return _grade_brief(task, submission, judge, agent, deadline_monotonic, limits or RunLimits())
    except ModelUnavailable as exc:
        raise RetryLater(f"model unavailable: {exc}") from exc
    except ModelRejected as exc:
        raise GradingFailed("The model service refused the request; the gym team has been told.") from exc
    except ModelOutputInvalid as exc:
        raise GradingFailed("The grader gave an answer we could not read. Please submit again later.") from exc
    if isinstance(task, PlanTask) and isinstance(submission, PlanSubmission):
        criteria = grade_plan(task, submission)
        return _finish(criteria, weighted_score(criteria), "deterministic")
    if isinstance(task, AutonomyTask) and isinstance(submission, AutonomySubmission):
        criteria = grade_autonomy(task, submission)
        risky = unchecked_risks(task, submission)
        essentials = [f"“{risky[0]}” would run with nobody checking it first."] if risky else []
        return _finish(criteria, weighted_score(criteria), "deterministic", essentials=essentials)
    if isinstance(task, ReviewTask) and isinstance(submission, ReviewSubmission):
        outcome = grade_review(task, submission)
        info = (
            f"You found {outcome.found} of {len(task.defects)} planted defects with {outcome.false_flags} false alarms."
        )
        return _finish(outcome.criteria, outcome.score, "deterministic", info=info)
    raise GradingFailed("This task kind cannot be graded yet.")


def _finish(
    criteria: list[CriterionResult],
    score: int,
    judge: str,
    *,
    essentials: list[str] | None = None,
    info: str | None = None,
    usage: Usage | None = None,
    agent_run: AgentRun | None = None,
    model_note: str | None = None,
) -> Grade:
    usage = usage or Usage()
    return Grade(
        score=score,
        criteria=criteria,
        comments=compose_comments(criteria, score, essentials=essentials, info=info),
        agent_run=agent_run,
        judge=judge,
        tokens_in=usage.tokens_in,
        tokens_out=usage.tokens_out,
        estimated_cost_usd=round(usage.cost_usd, 6),
        model_note=model_note,
    )


def _grade_brief(
    task: BriefTask,
    submission: BriefSubmission,
    judge: Judge,
    agent: ModelClient,
    deadline_monotonic: float,
    limits: RunLimits,
) -> Grade:
    verdicts = judge.judge(task.criteria, submission.text, deadline_monotonic=deadline_monotonic)
    by_id = {verdict.id: verdict for verdict in verdicts}
    criteria = []
    for criterion in task.criteria:
        verdict = by_id.get(criterion.id)
        # A criterion counts only with evidence quoted verbatim from the submission, whatever the judge says.
        met = bool(verdict and verdict.met and is_verbatim_quote(verdict.evidence, submission.text))
        criteria.append(
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
    essentials = [f"{c.name}: {c.fix}" for c in criteria if not c.met and _is_essential(task, c.id)]
    usage = Usage()
    usage.add(judge.usage.tokens_in, judge.usage.tokens_out, judge.usage.cost_usd)
    agent_run: AgentRun | None = None
    note: str | None = MODEL_NOTE
    info: str | None = None
    if getattr(agent, "runs_briefs", False) and task.input is not None:
        agent_run = _run_agent(task, submission, agent, deadline_monotonic, limits)
        if agent is not getattr(judge, "model", None):
            usage.add(agent.usage.tokens_in, agent.usage.tokens_out, agent.usage.cost_usd)
        else:
            usage = Usage(agent.usage.tokens_in, agent.usage.tokens_out, agent.usage.cost_usd)
        note = None
        info = (
            f"The agent ran your brief: {agent_run.checks_passed} of {len(agent_run.checks)} acceptance checks passed."
        )
    score = weighted_score(criteria)
    return _finish(
        criteria, score, judge.name, essentials=essentials, info=info, usage=usage, agent_run=agent_run, model_note=note
    )


def _is_essential(task: BriefTask, criterion_id: str) -> bool:
    return any(c.essential for c in task.criteria if c.id == criterion_id)


def _run_agent(
    task: BriefTask, submission: BriefSubmission, agent: ModelClient, deadline_monotonic: float, limits: RunLimits
) -> AgentRun:
    timeout = float(getattr(agent, "timeout_seconds", 20.0))
    outcome = run_brief(
        agent,
        submission.text,
        task.input,
        limits=limits,
        deadline_monotonic=deadline_monotonic,
        timeout_seconds=timeout,
    )
    return AgentRun(
        output=outcome.output,
        checks=run_checks(task.acceptance, outcome.output),
        steps=outcome.steps,
        stopped_because=outcome.stopped_because,
    )
