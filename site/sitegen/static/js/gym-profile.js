// The account page's gym parts, once js/account.js has loaded the user (`agentboss:account-loaded`):
// the latest attempts in [data-history-list], and the skill profile in [data-gym-profile]: one bar
// per dimension from the user's best gym attempts, beside their latest Score profile when the
// browser knows it. An inline SVG chart with every value printed as text (readable without
// colour), then the same figures as a table. Needs gym-common.js first.
(function () {
"use strict";

const { request, el } = window.AgentBossGym;
const SVG = "http://www.w3.org/2000/svg";
const ROW = 34;
const LABEL_WIDTH = 150;
const BAR_WIDTH = 300;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + 90;

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function valueText(score) {
  return score === null || score === undefined ? "not tried" : `${score}`;
}

/** A horizontal bar chart: per dimension a gym bar and, when known, a Score bar (hatched). */
function chart(rows, hasScore) {
  const perRow = hasScore ? ROW * 1.6 : ROW;
  const height = rows.length * perRow + 10;
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`,
    class: "gym-profile-chart",
    role: "img",
    "aria-labelledby": "gym-profile-chart-title",
  });
  root.append(svg("title", { id: "gym-profile-chart-title" }, "Skill profile by dimension, 0 to 100 (the table below has the figures)"));
  const pattern = svg("pattern", { id: "gym-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
  pattern.append(svg("rect", { width: 6, height: 6, class: "gym-bar-score-bg" }), svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "gym-bar-score-line" }));
  const defs = svg("defs", {});
  defs.append(pattern);
  root.append(defs);
  rows.forEach((row, index) => {
    const y = index * perRow + 6;
    root.append(svg("text", { x: 0, y: y + 16, class: "gym-chart-label" }, row.name));
    const bars = [["gym", row.gym, "Gym"]];
    if (hasScore) bars.push(["score", row.score, "Score"]);
    bars.forEach(([series, value, label], barIndex) => {
      const top = y + barIndex * (ROW * 0.6);
      const width = value === null || value === undefined ? 0 : Math.max(2, (BAR_WIDTH * value) / 100);
      root.append(svg("rect", { x: LABEL_WIDTH, y: top + 4, width: BAR_WIDTH, height: 16, class: "gym-bar-track" }));
      root.append(svg("rect", { x: LABEL_WIDTH, y: top + 4, width, height: 16, class: `gym-bar gym-bar-${series}` }));
      const text = hasScore ? `${label} ${valueText(value)}` : valueText(value);
      root.append(svg("text", { x: LABEL_WIDTH + BAR_WIDTH + 8, y: top + 17, class: "gym-chart-value" }, text));
    });
  });
  return root;
}

function table(rows, hasScore) {
  const head = el("tr", {}, el("th", { scope: "col" }, "Dimension"), el("th", { scope: "col" }, "Gym (best attempts)"));
  if (hasScore) head.append(el("th", { scope: "col" }, "Latest Score"));
  const body = rows.map((row) => {
    const tr = el(
      "tr",
      {},
      el("th", { scope: "row" }, row.name),
      el("td", {}, row.gym === null ? `not tried (0 of ${row.total} tasks)` : `${row.gym} (${row.attempted} of ${row.total} tasks)`),
    );
    if (hasScore) tr.append(el("td", {}, valueText(row.score)));
    return tr;
  });
  return el("table", { class: "gym-profile-table" }, el("caption", {}, "Skill profile, 0 to 100"), el("thead", {}, head), el("tbody", {}, ...body));
}

/** The latest Score result's dimension scores, if this browser took one (js/score-quiz.js keeps its id). */
async function latestScore() {
  const id = (() => {
    try {
      return localStorage.getItem("agentboss.score.latest");
    } catch (error) {
      return null;
    }
  })();
  if (!id) return null;
  const result = await request("GET", `/api/score/attempts/${encodeURIComponent(id)}`);
  if (!result.ok || !result.body) return null;
  return Object.fromEntries((result.body.dimensions || []).map((d) => [d.id, d.score]));
}

function when(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString();
}

async function fillHistory(list) {
  const result = await request("GET", "/api/me/gym/attempts?limit=10");
  if (!result.ok) return;
  const items = result.body.items.map((attempt) => {
    const label = attempt.task_title || attempt.task_id;
    const outcome = attempt.score === null ? attempt.status : `${attempt.score}/100`;
    const link = el("a", { href: attempt.task_url || `/gym/${attempt.task_id}/` }, label);
    return el("li", { "data-gym-attempt": attempt.id }, link, ` · ${outcome} · ${when(attempt.submitted_at)}`);
  });
  list.replaceChildren(...items);
  const empty = document.querySelector("[data-history-empty]");
  if (empty && items.length) empty.hidden = true;
}

async function renderProfile(region) {
  const target = region.querySelector("[data-gym-profile-body]") || region;
  const profile = await request("GET", "/api/me/gym/profile");
  if (!profile.ok) {
    target.replaceChildren(el("p", {}, "Your skill profile could not be loaded just now."));
    return;
  }
  const score = await latestScore();
  const rows = profile.body.dimensions.map((d) => ({
    name: d.name,
    gym: d.score,
    attempted: d.tasks_attempted,
    total: d.tasks_total,
    score: score ? score[d.id] ?? null : null,
  }));
  const hasScore = Boolean(score);
  const legend = hasScore
    ? "Solid bars: your best gym attempts. Hatched bars: your latest Agent Boss Score."
    : "From your best attempt at each gym task.";
  target.replaceChildren(
    el("p", { class: "gym-meta" }, legend),
    el("figure", { class: "gym-profile-figure" }, chart(rows, hasScore)),
    table(rows, hasScore),
  );
  region.dataset.gymProfileReady = "true";
}

window.addEventListener("agentboss:account-loaded", () => {
  document.querySelectorAll("[data-history-list]").forEach(fillHistory);
  document.querySelectorAll("[data-gym-profile]").forEach(renderProfile);
});
})();
