// The organisation admin's page: teams, rounds, one invite link per team, closing a round.
(() => {
const { clearErrors, client, el, explain, message, param, showError } = window.agentBossTeams;

const status = document.querySelector("[data-manage-status]");
const root = document.querySelector("[data-manage]");
const agentBoss = client();
let orgId = param("org");
let overview = null;

const date = (epoch) => new Date(epoch * 1000).toLocaleDateString(undefined, { dateStyle: "medium" });
const base = () => `/api/teams/orgs/${encodeURIComponent(orgId)}`;

function teamName(id) {
  const team = overview.teams.find((t) => t.id === id);
  return team ? team.name : "(removed team)";
}

function linkRow(roundId, link) {
  const field = el("input", { value: link.url, readonly: true, "aria-label": `Invite link for ${teamName(link.team_id)}`, class: "teams-link" });
  const copy = el("button", { type: "button", class: "button" }, "Copy");
  copy.addEventListener("click", async () => {
    field.select();
    try { await navigator.clipboard.writeText(link.url); message(status, "Link copied.", "success"); } catch { /* selected for manual copy */ }
  });
  const state = link.revoked ? "withdrawn" : `${link.uses} of ${link.max_uses} used, until ${date(link.valid_until)}`;
  const cells = [el("th", { scope: "row" }, teamName(link.team_id)), el("td", {}, link.revoked ? "" : field, link.revoked ? "" : copy), el("td", {}, state)];
  if (!link.revoked) {
    const revoke = el("button", { type: "button", class: "button" }, "Withdraw");
    revoke.addEventListener("click", () => act(`${base()}/rounds/${roundId}/links/${link.token}/revoke`, "Link withdrawn."));
    cells.push(el("td", {}, revoke));
  } else {
    cells.push(el("td", {}));
  }
  return el("tr", {}, cells);
}

async function roundSection(round) {
  const report = el("a", { href: `/teams/report/?org=${encodeURIComponent(orgId)}&round=${encodeURIComponent(round.id)}` }, `Report for ${round.name}`);
  const section = el("section", { class: "teams-round", "aria-labelledby": `round-${round.id}` },
    el("h3", { id: `round-${round.id}` }, `${round.name} (${round.status})`), el("p", {}, report));
  if (round.status === "open") {
    const links = await agentBoss.api.get(`${base()}/rounds/${round.id}/links`);
    section.append(el("table", { class: "teams-table" },
      el("caption", {}, "Invite links: send each team its own link"),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Team"), el("th", { scope: "col" }, "Link"),
        el("th", { scope: "col" }, "Uses"), el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, "Actions")))),
      el("tbody", {}, links.items.map((link) => linkRow(round.id, link)))));
    const close = el("button", { type: "button", class: "button button-primary" }, "Close this round");
    close.addEventListener("click", () => act(`${base()}/rounds/${round.id}/close`, "Round closed: the report's figures are ready."));
    section.append(el("p", { class: "actions" }, close));
  }
  return section;
}

async function act(path, done) {
  try {
    await agentBoss.api.post(path);
    await render();
    message(status, done, "success");
  } catch (error) {
    explain(status, error);
  }
}

async function render() {
  overview = await agentBoss.api.get(base());
  root.querySelector('[data-slot="org-name"]').textContent = overview.name;
  root.querySelector('[data-slot="k"]').textContent = String(overview.k);
  root.querySelector("[data-teams]").replaceChildren(...(overview.teams.length
    ? overview.teams.map((t) => el("tr", {}, el("th", { scope: "row" }, t.name), el("td", {}, String(t.invited))))
    : [el("tr", {}, el("td", { colspan: "2" }, "No teams yet: add the first below."))]));
  const sections = await Promise.all(overview.rounds.map(roundSection));
  root.querySelector("[data-rounds]").replaceChildren(...(sections.length ? sections : [el("p", {}, "No rounds yet.")]));
  root.querySelector("[data-open-round]").hidden = overview.rounds.some((r) => r.status === "open");
  root.hidden = false;
}

function onSubmit(selector, path, read, done) {
  const form = root.querySelector(selector);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await agentBoss.api.post(path(), read(new FormData(form)));
      form.reset();
      await render();
      message(status, done, "success");
    } catch (error) {
      if (error && error.fields && error.fields.length) showError(form, status, error);
      else explain(status, error);
    }
  });
}

async function start() {
  if (!agentBoss || !agentBoss.session.isSignedIn()) {
    return explain(status, { status: 401 });
  }
  if (!orgId) {
    const mine = await agentBoss.api.get("/api/teams/orgs");
    if (!mine.items.length) return message(status, "You do not run a team assessment yet. Request one on the Teams page.", "info");
    orgId = mine.items[0].id;
  }
  onSubmit("[data-add-team]", () => `${base()}/teams`, (d) => ({ name: d.get("name"), invited: Number(d.get("invited")) || 0 }), "Team added.");
  onSubmit("[data-open-round]", () => `${base()}/rounds`, (d) => ({ name: d.get("name") }), "Round opened: copy each team's link below.");
  await render();
  status.replaceChildren();
}

start().catch((error) => explain(status, error));
})();
