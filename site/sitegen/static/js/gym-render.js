// The gym's feedback and iterations, rendered from the API's JSON (see docs/gym.md).
(function () {
"use strict";

const { el } = window.AgentBossGym;

const STATUS_TEXT = {
  queued: "Queued: waiting for a grader.",
  running: "Grading your attempt now.",
  graded: "Graded.",
  failed: "Not graded.",
};
const criterionNames = {};

function renderStatus(target, state, text) {
  target.replaceChildren(el("p", { class: `gym-state gym-state-${state}` }, text));
}

function commentList(comments) {
  return el(
    "ol",
    { class: "gym-comments" },
    ...comments.map((comment) =>
      el(
        "li",
        { class: `gym-comment gym-comment-${comment.kind}` },
        el("span", { class: "gym-tag" }, comment.kind.charAt(0).toUpperCase() + comment.kind.slice(1)),
        " ",
        comment.text,
      ),
    ),
  );
}

function criterionItem(criterion) {
  criterionNames[criterion.id] = criterion.name;
  return el(
    "li",
    { class: `gym-criterion ${criterion.met ? "is-met" : "is-unmet"}` },
    el("span", { class: "gym-mark" }, criterion.met ? "✓ Met" : "✗ Not met"),
    " ",
    el("strong", {}, criterion.name),
    criterion.evidence ? el("blockquote", { class: "gym-evidence" }, `“${criterion.evidence}”`) : null,
    criterion.fix ? el("p", { class: "gym-fix" }, el("span", { class: "gym-label" }, "Fix: "), criterion.fix) : null,
  );
}

function agentSection(grade) {
  const run = grade.agent_run;
  if (!run) {
    return grade.model_note
      ? el("div", { class: "gym-model-note" }, el("h3", {}, "What a model would add"), el("p", {}, grade.model_note))
      : null;
  }
  return el(
    "div",
    { class: "gym-agent-run" },
    el("h3", {}, "What the agent did with your brief"),
    el("pre", { class: "gym-agent-output", tabindex: "0" }, run.output),
    el(
      "ul",
      { class: "gym-checks" },
      ...run.checks.map((check) =>
        el(
          "li",
          { class: check.passed ? "is-met" : "is-unmet" },
          el("span", { class: "gym-mark" }, check.passed ? "✓ Passed" : "✗ Failed"),
          " ",
          el("strong", {}, check.name),
          check.detail ? `: ${check.detail}` : "",
        ),
      ),
    ),
    el("p", { class: "gym-meta" }, `The run stopped: ${run.stopped_because.replace("_", " ")} after ${run.steps} step(s).`),
  );
}

function renderFeedback(target, attempt) {
  const children = [
    el("p", { class: `gym-state gym-state-${attempt.status}`, "data-gym-state": attempt.status }, STATUS_TEXT[attempt.status]),
  ];
  if (attempt.status === "failed") children.push(el("p", { class: "gym-failure" }, attempt.failure_reason || ""));
  const grade = attempt.grade;
  if (attempt.status === "graded" && grade) {
    children.push(
      el(
        "p",
        { class: "gym-score" },
        el("span", { class: "gym-score-value", "data-gym-score": String(grade.score) }, String(grade.score)),
        " out of 100",
      ),
      el("meter", { class: "gym-meter", min: "0", max: "100", value: String(grade.score), "aria-label": "Score" }),
      el("h3", {}, "What to do next"),
      commentList(grade.comments),
      el("h3", {}, "Criteria"),
      el("ul", { class: "gym-criteria" }, ...grade.criteria.map(criterionItem)),
      agentSection(grade),
      el(
        "p",
        { class: "gym-meta" },
        `Judged by: ${grade.judge}. Tokens: ${attempt.tokens_in + attempt.tokens_out}. ` +
          `Estimated cost: $${attempt.estimated_cost_usd.toFixed(4)}.`,
      ),
    );
  }
  target.replaceChildren(...children);
}

function when(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function nameOf(id) {
  return criterionNames[id] || id;
}

function textDiff(changes) {
  return el(
    "div",
    { class: "gym-diff" },
    ...changes.map((change) => {
      if (change.op === "skipped") return el("p", { class: "gym-diff-skip" }, `… ${change.count} unchanged …`);
      if (change.op === "added") return el("p", {}, el("ins", {}, el("span", { class: "gym-diff-sign" }, "+ "), change.text));
      if (change.op === "removed") return el("p", {}, el("del", {}, el("span", { class: "gym-diff-sign" }, "− "), change.text));
      return el("p", { class: "gym-diff-same" }, change.text);
    }),
  );
}

function shown(value) {
  if (value === null || value === undefined) return "nothing";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function fieldDiff(changes) {
  return el(
    "ul",
    { class: "gym-field-changes" },
    ...changes.map((change) =>
      el(
        "li",
        {},
        el("code", {}, change.path),
        change.change === "changed"
          ? `: ${shown(change.before)} → ${shown(change.after)}`
          : change.change === "added"
            ? `: added ${shown(change.after)}`
            : `: removed ${shown(change.before)}`,
      ),
    ),
  );
}

function iterationItem(iteration, isLatest) {
  const { attempt, grade_change: change } = iteration;
  const score = attempt.score === null ? attempt.status : `${attempt.score}/100`;
  let delta = "";
  if (change && change.score_before !== null && change.score_after !== null) {
    const d = change.score_after - change.score_before;
    delta = d === 0 ? " (no change)" : ` (${d > 0 ? "+" : "−"}${Math.abs(d)})`;
  }
  const details = el(
    "details",
    { class: "gym-iteration", "data-gym-iteration": String(iteration.number) },
    el("summary", {}, `Attempt ${iteration.number}: ${score}${delta} · ${when(attempt.submitted_at)}`),
  );
  if (isLatest) details.open = true;
  if (change && change.newly_met.length) details.append(el("p", {}, "Newly met: ", change.newly_met.map(nameOf).join(", ")));
  if (change && change.lost.length) details.append(el("p", {}, "Lost: ", change.lost.map(nameOf).join(", ")));
  if (iteration.number === 1) details.append(el("p", { class: "gym-meta" }, "Your first attempt."));
  else if (iteration.text_changes.length) details.append(el("h3", {}, "Changes to your brief"), textDiff(iteration.text_changes));
  else if (iteration.field_changes.length) details.append(el("h3", {}, "Changes"), fieldDiff(iteration.field_changes));
  else details.append(el("p", { class: "gym-meta" }, "Same submission as the attempt before."));
  return details;
}

function renderHistory(target, iterations) {
  const newestFirst = [...iterations].reverse();
  target.replaceChildren(
    ...newestFirst.map((iteration, index) => iterationItem(iteration, index === 0)),
  );
}

Object.assign(window.AgentBossGym, { STATUS_TEXT, renderFeedback, renderHistory, renderStatus });
})();
