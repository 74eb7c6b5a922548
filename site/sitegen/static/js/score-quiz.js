// The Score quiz: one question per screen over server-rendered fieldsets, answers kept in localStorage.
const form = document.getElementById("score-quiz");

if (form) {
  const version = form.dataset.version;
  const storeKey = `agentboss.score.${version}`;
  const takenKey = `agentboss.score.taken.${version}`;
  const screens = Array.from(form.querySelectorAll(".score-question"));
  const progress = document.getElementById("score-progress");
  const fill = document.getElementById("score-progress-fill");
  const back = document.getElementById("score-back");
  const next = document.getElementById("score-next");
  const submit = document.getElementById("score-submit");
  const submitError = document.getElementById("score-submit-error");
  // The introduction is for the first screen; later screens start with the question itself.
  const introduction = document.querySelector(".score-intro .lede");

  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(storeKey)) || {};
    } catch {
      return {};
    }
  };
  let state = load();
  state.answers = state.answers || {};
  state.index = Math.min(state.index || 0, screens.length - 1);

  const save = () => {
    try {
      localStorage.setItem(storeKey, JSON.stringify(state));
    } catch {
      /* private mode: the quiz still works, it just will not survive a reload */
    }
  };

  // Read the current answer of one screen from its controls (null when unanswered).
  const readAnswer = (screen) => {
    const kind = screen.dataset.kind;
    if (kind === "single" || kind === "familiarity") {
      const checked = screen.querySelector("input:checked");
      return checked ? checked.value : null;
    }
    if (kind === "pick") {
      const picked = Array.from(screen.querySelectorAll("input:checked"), (input) => input.value);
      return picked.length ? picked : null;
    }
    if (kind === "ranking") {
      const places = {};
      screen.querySelectorAll("select").forEach((select) => {
        if (select.value) places[select.dataset.option] = Number(select.value);
      });
      return Object.keys(places).length ? places : null;
    }
    const ratings = {};
    screen.querySelectorAll(".score-rate").forEach((group) => {
      const checked = group.querySelector("input:checked");
      if (checked) ratings[group.dataset.option] = Number(checked.value);
    });
    return Object.keys(ratings).length ? ratings : null;
  };

  const restoreAnswer = (screen, answer) => {
    const kind = screen.dataset.kind;
    if (answer == null) return;
    if (kind === "single" || kind === "familiarity" || kind === "pick") {
      const chosen = [].concat(answer);
      screen.querySelectorAll("input").forEach((input) => (input.checked = chosen.includes(input.value)));
    } else if (kind === "ranking") {
      screen.querySelectorAll("select").forEach((select) => (select.value = answer[select.dataset.option] || ""));
    } else {
      screen.querySelectorAll(".score-rate").forEach((group) => {
        const value = answer[group.dataset.option];
        group.querySelectorAll("input").forEach((input) => (input.checked = Number(input.value) === value));
      });
    }
  };

  // What is missing from one screen's answer, in words, or "" when it is complete.
  const problem = (screen, answer) => {
    const kind = screen.dataset.kind;
    if (answer == null) return kind === "pick" ? "Choose at least one option." : "Answer this question to go on.";
    if (kind === "ranking") {
      const count = screen.querySelectorAll("select").length;
      const places = Object.values(answer);
      if (places.length < count) return "Give every option a place.";
      if (new Set(places).size < count) return "Give each option a different place.";
    }
    if (kind === "rating" && Object.keys(answer).length < screen.querySelectorAll(".score-rate").length) {
      return "Rate every option.";
    }
    return "";
  };

  const showError = (screen, message) => {
    const box = screen.querySelector(".score-error");
    box.textContent = message;
    box.hidden = !message;
  };

  const show = (index, moveFocus) => {
    state.index = index;
    screens.forEach((screen, i) => (screen.hidden = i !== index));
    const last = index === screens.length - 1;
    back.hidden = index === 0;
    next.hidden = last;
    submit.hidden = !last;
    progress.textContent = `Question ${index + 1} of ${screens.length}`;
    if (introduction) introduction.hidden = index > 0;
    fill.style.width = `${Math.round((100 * index) / screens.length)}%`;
    save();
    if (moveFocus) screens[index].focus();
  };

  const advance = () => {
    const screen = screens[state.index];
    const message = problem(screen, readAnswer(screen));
    showError(screen, message);
    if (message) {
      screen.querySelector("input, select").focus();
      return false;
    }
    return true;
  };

  // The request body: rankings become ordered lists of option ids.
  const body = () => {
    const answers = {};
    const familiarity = {};
    screens.forEach((screen) => {
      const id = screen.dataset.item;
      const answer = state.answers[id];
      if (screen.dataset.kind === "familiarity") familiarity[id] = answer;
      else if (screen.dataset.kind === "ranking") answers[id] = Object.keys(answer).sort((a, b) => answer[a] - answer[b]);
      else answers[id] = answer;
    });
    const request = { quiz_version: version, answers, familiarity, is_first_attempt: !localStorage.getItem(takenKey) };
    const invite = teamInvite();
    if (invite) request.invite = invite.token;
    return request;
  };

  // A team assessment invite remembered by /teams/join/ in this tab: the attempt also counts for the team.
  const INVITE_KEY = "agentBoss.teamInvite";
  function teamInvite() {
    try {
      return JSON.parse(sessionStorage.getItem(INVITE_KEY));
    } catch {
      return null;
    }
  }

  const send = async () => {
    state.idempotencyKey = state.idempotencyKey || crypto.randomUUID();
    save();
    submit.disabled = true;
    submitError.hidden = true;
    try {
      const response = await fetch("/api/score/attempts", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": state.idempotencyKey },
        body: JSON.stringify(body()),
      });
      const data = await response.json();
      if (response.status === 201) {
        localStorage.setItem(takenKey, "1");
        localStorage.removeItem(storeKey);
        if (data.team_assessment) {
          sessionStorage.removeItem(INVITE_KEY);
          sessionStorage.setItem("agentBoss.teamCounted", JSON.stringify({ id: data.id, ...data.team_assessment }));
        }
        window.location.assign(`/score/result/?id=${encodeURIComponent(data.id)}`);
        return;
      }
      const reason = data.error || {};
      if ((reason.fields || []).some((f) => f.field === "invite")) {
        // The team link died meanwhile: forget it; submitting again gives the person their own result.
        sessionStorage.removeItem(INVITE_KEY);
        reason.message = `${reason.message} Submit again to see your own result; it will not count for your team.`;
      }
      submitError.textContent =
        response.status === 409
          ? "The questions have changed since you started. Reload the page to take the current version."
          : reason.message || "Something went wrong. Try again.";
      if (response.status === 409) localStorage.removeItem(storeKey);
    } catch {
      submitError.textContent = "We could not reach the server. Check your connection and try again.";
    }
    submitError.hidden = false;
    submit.disabled = false;
    submitError.focus();
  };

  screens.forEach((screen) => {
    restoreAnswer(screen, state.answers[screen.dataset.item]);
    screen.addEventListener("change", () => {
      state.answers[screen.dataset.item] = readAnswer(screen);
      showError(screen, "");
      save();
    });
  });
  submitError.tabIndex = -1;
  back.addEventListener("click", () => show(state.index - 1, true));
  next.addEventListener("click", () => advance() && show(state.index + 1, true));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (state.index !== screens.length - 1) {
      if (advance()) show(state.index + 1, true);
      return;
    }
    if (!advance()) return;
    const unanswered = screens.findIndex((screen) => problem(screen, state.answers[screen.dataset.item]));
    if (unanswered >= 0) {
      show(unanswered, true);
      showError(screens[unanswered], "Answer this question before you see your result.");
      return;
    }
    send();
  });
  form.classList.add("is-enhanced");
  show(state.index, false);
}
