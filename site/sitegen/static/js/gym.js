// The lesson page's task form: submit an attempt, follow it from queued to graded, show the
// feedback and the earlier attempts with what changed. Markup contract: docs/gym.md.
// Needs gym-common.js and gym-render.js before it (all deferred, in that order).
(function () {
"use strict";

const { request, isSignedIn, signInUrl, STATUS_TEXT, renderFeedback, renderHistory, renderStatus } = window.AgentBossGym;

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

/** The step rows that become steps (a row with no title is left out), in submission order. */
function filledSteps(form) {
  return [...form.querySelectorAll("[data-gym-step]")].filter(
    (row) => (row.querySelector('[name="title"]')?.value || "").trim(),
  );
}

function readPlan(form) {
  const steps = [];
  filledSteps(form).forEach((row) => {
    const field = (name) => row.querySelector(`[name="${name}"]`);
    const title = field("title").value.trim();
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

// A brief in progress survives a detour to the sign-in page (this tab only).
function keepDraft(form) {
  const text = form.querySelector('textarea[name="text"]');
  if (!text) return;
  const key = `agentBoss.gymDraft.${form.dataset.taskId}`;
  try {
    if (!text.value) text.value = sessionStorage.getItem(key) || "";
    text.addEventListener("input", () => sessionStorage.setItem(key, text.value));
  } catch (error) {
    // Storage is unavailable (a private mode): the draft simply is not kept.
  }
}

// The page's parts (docs/gym.md); each is created when the markup lacks it.
function part(form, selector, make) {
  return form.querySelector(selector) || document.querySelector(selector) || make();
}

function region(form, selector, bodySelector, title, after) {
  const section = part(form, selector, () => {
    const made = document.createElement("section");
    made.setAttribute(selector.slice(1, -1), "");
    made.hidden = true;
    const heading = document.createElement("h2");
    heading.textContent = title;
    made.append(heading);
    after.after(made);
    return made;
  });
  section.classList.add("gym-region");
  let body = section.querySelector(bodySelector);
  if (!body) {
    body = document.createElement("div");
    body.setAttribute(bodySelector.slice(1, -1), "");
    section.append(body);
  }
  return { section, body };
}

/** The control and the error slot for a field the API named (`submission.steps.2.title`). */
function locate(form, field) {
  const path = field.replace(new RegExp(`^submission\\.${form.dataset.kind}\\.`), "submission.").split(".");
  const [, key, index, leaf] = path;
  if (key === "steps" && index !== undefined) {
    const row = filledSteps(form)[Number(index)];
    if (!row) return {};
    const name = leaf || "title";
    return { control: row.querySelector(`[name="${name}"]`), slot: row.querySelector(`[data-error-for$=".${name}"]`) };
  }
  if (key === "flagged" && index !== undefined) {
    return { control: form.querySelectorAll('input[name="flagged"]:checked')[Number(index)] || null };
  }
  const joined = path.join(".");
  const control = key === "text" ? form.querySelector('[name="text"]') : form.querySelector(`[name="${path.slice(1).join(".")}"]`);
  return { control, slot: form.querySelector(`[data-error-for="${joined}"]`) };
}

function clearErrors(form, summary) {
  form.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
  form.querySelectorAll("[data-error-for]").forEach((slot) => {
    slot.textContent = "";
    slot.hidden = true;
  });
  summary.replaceChildren();
  summary.hidden = true;
}

function showErrors(form, summary, error) {
  const fields = error.fields && error.fields.length ? error.fields : [];
  const list = document.createElement("ul");
  for (const problem of fields) {
    const { control, slot } = locate(form, problem.field);
    if (control) control.setAttribute("aria-invalid", "true");
    if (slot) {
      slot.textContent = problem.message;
      slot.hidden = false;
    }
    const item = document.createElement("li");
    item.textContent = `${problem.field.replace(/^submission\./, "")}: ${problem.message}`;
    list.append(item);
  }
  const intro = document.createElement("p");
  intro.textContent = error.message || "Your attempt was not accepted.";
  summary.replaceChildren(intro, ...(fields.length ? [list] : []));
  summary.hidden = false;
  summary.focus();
}

function setup(form) {
  const taskId = form.dataset.taskId;
  keepDraft(form);
  const button = part(form, "[data-gym-submit]", () => form.querySelector('[type="submit"]'));
  const status = part(form, "[data-gym-status]", () => {
    const made = document.createElement("p");
    made.setAttribute("aria-live", "polite");
    button.after(made);
    return made;
  });
  const summary = part(form, "[data-gym-errors]", () => {
    const made = document.createElement("div");
    made.setAttribute("role", "alert");
    made.hidden = true;
    button.before(made);
    return made;
  });
  summary.tabIndex = -1;
  summary.classList.add("gym-errors");
  const signInNote = form.querySelector("[data-gym-signin]");
  signInNote?.querySelector("a")?.setAttribute("href", signInUrl());
  const feedback = region(form, "[data-gym-result]", "[data-gym-result-body]", "Feedback", form);
  const history = region(form, "[data-gym-history]", "[data-gym-history-body]", "Your attempts", feedback.section);
  let polling = null;

  function announce(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  async function refreshHistory() {
    const result = await request("GET", `/api/me/gym/tasks/${encodeURIComponent(taskId)}/iterations`);
    if (result.ok) {
      renderHistory(history.body, result.body.iterations);
      history.section.hidden = result.body.iterations.length === 0;
    }
    return result;
  }

  function show(attempt) {
    renderFeedback(feedback.body, attempt);
    feedback.section.hidden = false;
  }

  async function follow(attemptId) {
    const token = {};
    polling = token;
    const started = Date.now();
    let delay = POLL_FIRST_MS;
    while (polling === token) {
      const result = await request("GET", `/api/gym/attempts/${encodeURIComponent(attemptId)}`);
      if (!result.ok) {
        renderStatus(feedback.body, "error", result.body?.error?.message || "Could not load this attempt.");
        feedback.section.hidden = false;
        button.disabled = false;
        return;
      }
      const attempt = result.body;
      show(attempt);
      announce(attempt.status === "graded" ? `Graded: ${attempt.grade.score} out of 100.` : STATUS_TEXT[attempt.status]);
      if (attempt.status === "graded" || attempt.status === "failed") {
        button.disabled = false;
        await refreshHistory();
        return;
      }
      if (Date.now() - started > POLL_GIVE_UP_MS) {
        announce("Still waiting for the grader. Your attempt is saved: come back to this page later.");
        button.disabled = false;
        return;
      }
      const hinted = (attempt.poll_after_seconds || 0) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(delay, hinted)));
      delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.6));
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    if (!isSignedIn()) {
      if (signInNote) signInNote.hidden = false;
      announce("Sign in to submit an attempt.");
      return;
    }
    button.disabled = true;
    announce("Sending your attempt…");
    const result = await request("POST", "/api/gym/attempts", { task_id: taskId, submission: readSubmission(form) });
    if (!result.ok) {
      button.disabled = false;
      announce("Your attempt was not accepted.");
      if (result.status === 401 && signInNote) signInNote.hidden = false;
      showErrors(form, summary, result.body?.error || { message: "Something went wrong; try again." });
      return;
    }
    announce(STATUS_TEXT.queued);
    show(result.body);
    follow(result.body.id);
  });

  // Signed in and back on the page: show the earlier attempts and the latest one's feedback.
  if (!isSignedIn()) {
    if (signInNote) signInNote.hidden = false;
    return;
  }
  refreshHistory().then((result) => {
    const latest = result.ok ? result.body.iterations.at(-1) : null;
    if (latest) follow(latest.attempt.id);
  });
}

document.querySelectorAll("form[data-gym-form]").forEach(setup);
})();
