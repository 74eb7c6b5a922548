// Portal staff: team assessment requests by status, newest first, with approve and decline.
(() => {
const { client, el, explain, message } = window.agentBossTeams;

const status = document.querySelector("[data-admin-status]");
const list = document.querySelector("[data-admin-list]");
const filter = document.querySelector("[data-admin-filter]");
const agentBoss = client();

async function decide(id, action) {
  try {
    const decided = await agentBoss.api.post(`/api/admin/team-requests/${encodeURIComponent(id)}/${action}`);
    message(status, `${decided.organisation}: ${decided.status}.`, "success");
    await show(filter.elements.status.value);
  } catch (error) {
    explain(status, error);
  }
}

function card(item) {
  const body = [
    el("h2", {}, item.organisation),
    el("p", {}, `${item.contact_name} · `, el("a", { href: `mailto:${item.email}` }, item.email), ` · ${item.team_size} people`),
    el("p", { class: "small" }, `Received ${new Date(item.created_at).toLocaleString()}`),
  ];
  if (item.message) body.push(el("blockquote", {}, item.message));
  if (item.status === "pending") {
    const approve = el("button", { type: "button", class: "button button-primary" }, `Approve ${item.organisation}`);
    const decline = el("button", { type: "button", class: "button" }, `Decline ${item.organisation}`);
    approve.addEventListener("click", () => decide(item.id, "approve"));
    decline.addEventListener("click", () => decide(item.id, "decline"));
    body.push(el("p", { class: "actions" }, approve, decline));
  }
  return el("li", { class: "card" }, body);
}

async function show(which) {
  const found = await agentBoss.api.get(`/api/admin/team-requests?status=${encodeURIComponent(which)}`);
  list.replaceChildren(found.items.length ? el("ul", { class: "teams-requests" }, found.items.map(card)) : el("p", {}, `No ${which} requests.`));
}

filter.addEventListener("submit", (event) => {
  event.preventDefault();
  show(filter.elements.status.value).catch((error) => explain(status, error));
});

if (!agentBoss || !agentBoss.session.isSignedIn()) explain(status, { status: 401 });
else show("pending").catch((error) => explain(status, error));
})();
