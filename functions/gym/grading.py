"""The grading cascade: deterministic checks first, then a judge per criterion for briefs, then the agent run."""

from __future__ import annotations

from functions.agent.judges import Judge
from functions.agent.model import ModelClient, ModelOutputInvalid, ModelRejected, ModelUnavailable, Usage
from functions.agent.runner import RunLimits
from functions.gym.feedback import compose_comments, weighted_score
from functions.gym.graders.autonomy import grade_autonomy, unchecked_risks
from functions.gym.graders.brief import grade_brief
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
            brief = grade_brief(task, submission.text, judge, agent, deadline_monotonic, limits or RunLimits())
            return _finish(
                brief.criteria,
                weighted_score(brief.criteria),
                judge.name,
                essentials=brief.essentials,
                info=brief.info,
                usage=brief.usage,
                agent_run=brief.agent_run,
                model_note=brief.model_note,
            )
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
