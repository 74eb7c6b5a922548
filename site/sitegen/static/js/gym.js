// The lesson page's task form: submit an attempt, follow it from queued to graded, show the
// feedback and the earlier attempts with what changed. Markup contract: docs/gym.md.
// Needs gym-common.js and gym-render.js before it (all deferred, in that order).
(function () {
"use strict";

const { request, signInUrl, STATUS_TEXT, renderFeedback, renderHistory, renderStatus } = window.AgentBossGym;

const POLL_FIRST_MS = 1000;
const POLL_MAX_MS = 15000;
const POLL_GIVE_UP_MS = 5 * 60 * 1000;

function splitIds(value) {
  return value.split(/[\s,]+/).map((part) => part.trim()).filter(Boolean);
}

function checkedValues(scope, name) {
  return [...scope.querySelectorAll(`[name="${name}"]`)].flatMap((el) => {
    if (el.type === "checkbox") return el.checked ? [el.value] : [];
    if (el.tagName === "SELECT" && el.multiple) return [...el.selectedOptions].map((o) => o.value);
    return splitIds(el.value || "");
  });
}

function readPlan(form) {
  const steps = [];
  form.querySelectorAll("[data-gym-step]").forEach((row) => {
    const field = (name) => row.querySelector(`[name="${name}"]`);
    const title = (field("title")?.value || "").trim();
    if (!title) return;
    const id = (field("id")?.value || "").trim() || `s${steps.length + 1}`;
    steps.push({
      id,
      title,
      owner: field("owner")?.value || "agent",
      covers: checkedValues(row, "covers"),
      depends_on: checkedValues(row, "depends_on"),
      checkpoint: Boolean(field("checkpoint")?.checked),
    });
  });
  return { kind: "plan", steps };
}

function readAutonomy(form) {
  const settings = {};
  form.querySelectorAll('input[type="radio"][name^="settings."]').forEach((el) => {
    if (el.checked) settings[el.name.slice("settings.".length)] = el.value;
  });
  return { kind: "autonomy", settings };
}

function readReview(form) {
  const flagged = [...form.querySelectorAll('input[name="flagged"]:checked')].map((el) => {
    const line = Number(el.value);
    const note = (form.querySelector(`[name="note.${line}"]`)?.value || "").trim();
    return note ? { line, note } : { line };
  });
  return { kind: "review", flagged };
}

/** The submission the form describes, shaped as the API takes it. */
function readSubmission(form) {
  const kind = form.dataset.kind;
  if (kind === "brief") return { kind, text: form.querySelector('[name="text"]').value };
  if (kind === "plan") return readPlan(form);
  if (kind === "autonomy") return readAutonomy(form);
  if (kind === "review") return readReview(form);
  throw new Error(`unknown task kind ${kind}`);
}

function ensureRegion(form, selector, label) {
  let region = document.querySelector(selector);
  if (!region) {
    region = document.createElement("section");
    region.setAttribute(selector.slice(1, -1), "");
    region.setAttribute("aria-label", label);
    const anchor = selector === "[data-gym-history]" ? ensureRegion(form, "[data-gym-feedback]", "Feedback") : form;
    anchor.after(region);
  }
  region.classList.add("gym-region");
  return region;
}

function controlFor(form, field) {
  // `submission.settings.refund` -> the radios of that action; `submission.steps.2.title` -> row 3's title.
  const parts = field.split(".").slice(1);
  if (parts[0] === "text") return form.querySelector('[name="text"]');
  if (parts[0] === "settings" && parts[1]) return form.querySelector(`[name="settings.${parts[1]}"]`);
  if (parts[0] === "steps" && parts[1] !== undefined) {
    const rows = [...form.querySelectorAll("[data-gym-step]")].filter(
      (row) => (row.querySelector('[name="title"]')?.value || "").trim(),
    );
    return rows[Number(parts[1])]?.querySelector(`[name="${parts[2] || "title"}"]`) || null;
  }
  return null;
}

function showErrors(form, errorList, error) {
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  errorList.replaceChildren();
  if (!error) {
    errorList.hidden = true;
    return;
  }
  const fields = error.fields && error.fields.length ? error.fields : [{ field: "", message: error.message }];
  for (const problem of fields) {
    const item = document.createElement("li");
    const control = problem.field ? controlFor(form, problem.field) : null;
    if (control) control.setAttribute("aria-invalid", "true");
    item.textContent = problem.field ? `${problem.field.replace(/^submission\./, "")}: ${problem.message}` : problem.message;
    errorList.append(item);
  }
  errorList.hidden = false;
}

function setup(form) {
  const taskId = form.dataset.taskId;
  const feedback = ensureRegion(form, "[data-gym-feedback]", "Feedback");
  const history = ensureRegion(form, "[data-gym-history]", "Your attempts");
  const button = form.querySelector('[type="submit"]');
  const status = document.createElement("p");
  status.className = "gym-form-status";
  status.setAttribute("role", "status");
  const errorList = document.createElement("ul");
  errorList.className = "gym-errors";
  errorList.hidden = true;
  errorList.tabIndex = -1;
  feedback.hidden = !feedback.hasChildNodes();
  history.hidden = !history.hasChildNodes();
  button.before(errorList);
  button.after(status);
  let polling = null;

  async function refreshHistory() {
    const result = await request("GET", `/api/me/gym/tasks/${encodeURIComponent(taskId)}/iterations`);
    if (result.ok) renderHistory(history, result.body.iterations);
    return result;
  }

  async function follow(attemptId) {
    const token = {};
    polling = token;
    const started = Date.now();
    let delay = POLL_FIRST_MS;
    while (polling === token) {
      const result = await request("GET", `/api/gym/attempts/${encodeURIComponent(attemptId)}`);
      if (!result.ok) {
        renderStatus(feedback, "error", result.body?.error?.message || "Could not load this attempt.");
        return;
      }
      renderFeedback(feedback, result.body);
      const state = result.body.status;
      const announcement = state === "graded" ? `Graded: ${result.body.grade.score} out of 100.` : STATUS_TEXT[state];
      if (status.textContent !== announcement) status.textContent = announcement;
      if (state === "graded" || state === "failed") {
        button.disabled = false;
        await refreshHistory();
        return;
      }
      if (Date.now() - started > POLL_GIVE_UP_MS) {
        renderStatus(feedback, "waiting", "Still waiting for the grader. Your attempt is saved: come back to this page later.");
        button.disabled = false;
        return;
      }
      const hinted = (result.body.poll_after_seconds || 0) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(delay, hinted)));
      delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.6));
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    showErrors(form, errorList, null);
    button.disabled = true;
    status.textContent = "Sending your attempt…";
    const result = await request("POST", "/api/gym/attempts", { task_id: taskId, submission: readSubmission(form) });
    if (result.status === 401) {
      button.disabled = false;
      status.replaceChildren("You need to be signed in to submit. ");
      const link = document.createElement("a");
      link.href = signInUrl();
      link.textContent = "Sign in";
      status.append(link);
      return;
    }
    if (!result.ok) {
      button.disabled = false;
      status.textContent = "Your attempt was not accepted.";
      showErrors(form, errorList, result.body?.error || { message: "Something went wrong; try again." });
      errorList.focus();
      return;
    }
    status.textContent = STATUS_TEXT.queued;
    renderFeedback(feedback, result.body);
    feedback.scrollIntoView({ block: "start" });
    follow(result.body.id);
  });

  // Signed in and back on the page: show the earlier attempts and the latest one's feedback.
  refreshHistory().then((result) => {
    const latest = result.ok ? result.body.iterations.at(-1) : null;
    if (latest) follow(latest.attempt.id);
  });
}

document.querySelectorAll("form[data-gym-form]").forEach(setup);
})();
