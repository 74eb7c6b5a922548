// A member arriving through a team invite link: who runs it, the aggregate-only promise, then the Score.
(() => {
const { el, hashParam, message } = window.agentBossTeams;

const INVITE_KEY = "agentBoss.teamInvite";
const box = document.querySelector("[data-join]");
const token = hashParam("t");

async function show() {
  if (!token) {
    message(box, "This page needs the invite link your organisation sent you.", "error");
    return;
  }
  const response = await fetch(`/api/teams/invites/${encodeURIComponent(token)}`, { headers: { Accept: "application/json" } });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    message(box, (payload && payload.error && payload.error.message) || "This invite link cannot be used.", "error");
    return;
  }
  const view = document.querySelector("[data-join-valid]").content.cloneNode(true);
  for (const name of ["organisation", "team", "round", "k"]) {
    view.querySelectorAll(`[data-slot="${name}"]`).forEach((slot) => { slot.textContent = String(payload[name]); });
  }
  // The Score page sends this token with the attempt, so the answer is counted for the team.
  sessionStorage.setItem(INVITE_KEY, JSON.stringify({ token, organisation: payload.organisation, team: payload.team }));
  box.replaceChildren(view);
  box.append(el("p", { class: "hint" }, "Your invitation is remembered in this browser tab until you finish."));
}

show().catch(() => message(box, "We could not reach the server. Please try again.", "error"));
})();
