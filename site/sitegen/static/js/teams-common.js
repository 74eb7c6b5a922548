// Small helpers shared by the team assessment pages (window.agentBossTeams): DOM building, field
// errors, the API client. A classic deferred script: fingerprinted assets cannot import each other.
(() => {

/** Build an element: el("td", { class: "x" }, "text", child). Text is always set as text, never HTML. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Show an API error: each named field's message next to its input, the rest in the status box. */
function showError(form, status, error) {
  clearErrors(form);
  const fields = (error && error.fields) || [];
  let placed = 0;
  for (const problem of fields) {
    const slot = form && form.querySelector(`[data-error-for="${CSS.escape(problem.field)}"]`);
    if (slot) {
      slot.textContent = problem.message;
      const input = form.querySelector(`[name="${CSS.escape(problem.field)}"]`);
      if (input) input.setAttribute("aria-invalid", "true");
      placed += 1;
    }
  }
  const text = placed ? "Please correct the highlighted fields." : (error && error.message) || "Something went wrong.";
  message(status, text, "error");
  const first = form && form.querySelector("[aria-invalid='true']");
  if (first) first.focus();
}

function clearErrors(form) {
  if (!form) return;
  form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
}

/** Replace a status region's content with one message paragraph. */
function message(status, text, kind = "info") {
  status.replaceChildren(el("p", { class: `message message-${kind}` }, text));
}

/** The signed-in API client from api.js, or null when it is not on the page. */
function client() {
  return window.agentBoss || null;
}

function signInLink(text = "Sign in") {
  const next = encodeURIComponent(location.pathname + location.search);
  return el("a", { href: `/account/sign-in/?next=${next}` }, text);
}

/** A failed signed-in call: ask to sign in on 401, otherwise say what went wrong. */
function explain(status, error) {
  if (error && error.status === 401) {
    status.replaceChildren(el("p", { class: "message message-warning" }, "Please sign in to continue. ", signInLink()));
  } else {
    message(status, (error && error.message) || "Something went wrong.", "error");
  }
}

function param(name) {
  return new URLSearchParams(location.search).get(name);
}

function hashParam(name) {
  return new URLSearchParams(location.hash.slice(1)).get(name);
}

  window.agentBossTeams = { el, showError, clearErrors, message, client, signInLink, explain, param, hashParam };
})();
