// The team report: every chart is drawn from the API's JSON and paired with a table that says the same.
(() => {
const { client, el, explain, message, param } = window.agentBossTeams;

const status = document.querySelector("[data-report-status]");
const root = document.querySelector("[data-report]");
const agentBoss = client();
const orgId = param("org");
const roundId = param("round");
const SVG = "http://www.w3.org/2000/svg";
const HIDDEN = { fewer_than_k: (k) => `Hidden: fewer than ${k} responses`, protects_another_team: () => "Hidden: would reveal a smaller team" };

const fmt = (n) => (n === null || n === undefined ? "" : Number(n).toFixed(1));
const pct = (n) => (n === null || n === undefined ? "" : `${Math.round(n * 100)}%`);
const signed = (n) => (n > 0 ? `+${fmt(n)}` : n < 0 ? `−${fmt(-n)}` : "0.0");

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

function table(caption, head, rows) {
  return el("div", { class: "table-scroll" }, el("table", { class: "teams-table" }, el("caption", {}, caption),
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c, i) => (i === 0 ? el("th", { scope: "row" }, c) : c instanceof Node ? c : el("td", {}, c))))))));
}

function hiddenText(report, group) {
  return HIDDEN[group.hidden_reason || "fewer_than_k"](report.k);
}

function participation(report) {
  const rows = report.groups.map((g) => [g.name, String(g.invited ?? ""), g.shown ? String(g.responses) : hiddenText(report, g), g.shown ? pct(g.participation) : ""]);
  return table("Responses against people invited, per group", ["Group", "Invited", "Responses", "Participation"], rows);
}

function histogram(report) {
  if (!report.histogram.length) return el("p", {}, "Not enough responses to show the spread of scores.");
  const max = Math.max(...report.histogram.map((b) => b.count));
  const width = 600, height = 220, pad = 30;
  const bars = report.histogram.map((b) => {
    const x = pad + (b.low / 100) * (width - 2 * pad);
    const w = ((b.high - b.low) / 100) * (width - 2 * pad) - 2;
    const h = (b.count / max) * (height - 2 * pad);
    return svg("g", {}, svg("rect", { x, y: height - pad - h, width: w, height: h, class: "chart-bar" }),
      svg("text", { x: x + w / 2, y: height - pad - h - 4, "text-anchor": "middle", class: "chart-label" }, String(b.count)));
  });
  const axis = [0, 20, 40, 60, 80, 100].map((v) => svg("text", { x: pad + (v / 100) * (width - 2 * pad), y: height - 8, "text-anchor": "middle", class: "chart-label" }, String(v)));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", "aria-hidden": "true", focusable: "false" }, ...bars, ...axis);
  const rows = report.histogram.map((b) => [`${b.low} to ${b.high === 100 ? "100" : `under ${b.high}`}`, String(b.count)]);
  return el("figure", { class: "teams-figure" }, chart,
    el("figcaption", {}, "Each bar counts at least the minimum group size; the table below gives the same figures."),
    table("Overall scores by range (whole organisation)", ["Score range", "Responses"], rows));
}

function intervalChart(report, group) {
  const dims = report.dimensions.filter((d) => group.dimensions[d.id]);
  const rowH = 28, width = 600, left = 220, right = 20;
  const scale = (v) => left + (v / 100) * (width - left - right);
  const rows = dims.map((d, i) => {
    const e = group.dimensions[d.id];
    const y = 20 + i * rowH;
    return svg("g", {}, svg("text", { x: 0, y: y + 4, class: "chart-label" }, d.name),
      svg("line", { x1: scale(e.ci_low), x2: scale(e.ci_high), y1: y, y2: y, class: "chart-interval" }),
      svg("circle", { cx: scale(e.mean), cy: y, r: 5, class: "chart-point" }));
  });
  return svg("svg", { viewBox: `0 0 ${width} ${20 + dims.length * rowH}`, class: "chart", "aria-hidden": "true", focusable: "false" }, ...rows);
}

function means(report) {
  const shown = report.groups.filter((g) => g.overall);
  if (!shown.length) return el("p", {}, "No group has enough responses to show scores.");
  return shown.map((g) => {
    const rows = [["Overall", fmt(g.overall.mean), `${fmt(g.overall.ci_low)} to ${fmt(g.overall.ci_high)}`, String(g.overall.n)]]
      .concat(report.dimensions.map((d) => { const e = g.dimensions[d.id]; return [d.name, fmt(e.mean), `${fmt(e.ci_low)} to ${fmt(e.ci_high)}`, String(e.n)]; }));
    return el("div", { class: "teams-group-means" }, el("h3", {}, g.name), intervalChart(report, g),
      table(`${g.name}: mean score out of 100 with its 95% interval`, ["Skill", "Mean", "95% interval", "Responses"], rows));
  });
}

function heatmap(report) {
  const columns = report.heatmap.columns;
  const head = ["Skill", ...columns.map((c) => c.name)];
  const rows = report.heatmap.rows.map((row) => [row.name, ...row.cells.map((v) => (v === null
    ? el("td", { class: "heat heat-none" }, "hidden")
    : el("td", { class: `heat heat-${Math.min(4, Math.floor(v / 20))}` }, fmt(v))))]);
  return table("Mean score by skill (rows) and group (columns); hidden groups have too few responses", head, rows);
}

function gaps(report) {
  const shown = report.groups.filter((g) => g.gaps.length);
  if (!shown.length) return el("p", {}, "Gaps appear once a group has enough responses.");
  return shown.map((g) => el("div", { class: "teams-gaps" }, el("h3", {}, g.name), el("ol", {}, g.gaps.map((gap) => el("li", {},
    el("strong", {}, gap.name), ` (mean ${fmt(gap.mean)}). `,
    gap.lessons.length ? ["Practise with: ", ...gap.lessons.flatMap((l, i) => [i ? ", " : "", el("a", { href: l.url }, l.title)])] : "No gym lesson covers this skill yet.")))));
}

function change(report) {
  const c = report.comparison;
  if (!c) return el("p", {}, "No earlier closed round used the same questions, so there is nothing to compare with yet.");
  if (!c.changes.length) return el("p", {}, `No group has enough responses in both this round and ${c.earlier_round_name} to compare.`);
  const head = ["Group", "Overall", ...report.dimensions.map((d) => d.name)];
  const rows = c.changes.map((ch) => [ch.name, signed(ch.overall), ...report.dimensions.map((d) => (d.id in ch.dimensions ? signed(ch.dimensions[d.id]) : ""))]);
  return table(`Change in mean score since ${c.earlier_round_name} (points out of 100)`, head, rows);
}

async function downloadCsv() {
  const response = await fetch(`/api/teams/orgs/${encodeURIComponent(orgId)}/rounds/${encodeURIComponent(roundId)}/report.csv`,
    { headers: { Authorization: `Bearer ${agentBoss.session.accessToken()}` }, credentials: "same-origin" });
  if (!response.ok) return message(status, "The CSV could not be downloaded. Please try again.", "error");
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", { href: url, download: "team-report.csv" });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

async function start() {
  if (!agentBoss || !agentBoss.session.isSignedIn()) return explain(status, { status: 401 });
  if (!orgId || !roundId) return message(status, "Open a report from your assessment page.", "error");
  const report = await agentBoss.api.get(`/api/teams/orgs/${encodeURIComponent(orgId)}/rounds/${encodeURIComponent(roundId)}/report`);
  document.querySelector('[data-slot="title"]').textContent = `${report.organisation}: ${report.round.name}`;
  document.title = `${report.organisation}: ${report.round.name} · team report`;
  root.querySelector('[data-slot="summary"]').textContent = report.figures_available
    ? `This round is closed. Figures are shown only for groups of at least ${report.k} responses.`
    : `This round is still open: scores appear when you close it, so they never shift as people finish. Participation so far is below.`;
  root.querySelector("[data-participation]").replaceChildren(participation(report));
  root.querySelectorAll("[data-figures]").forEach((section) => { section.hidden = !report.figures_available; });
  root.querySelector("[data-download-csv]").hidden = !report.figures_available;
  if (report.figures_available) {
    root.querySelector("[data-histogram]").replaceChildren(histogram(report));
    root.querySelector("[data-means]").replaceChildren(...[means(report)].flat());
    root.querySelector("[data-heatmap]").replaceChildren(heatmap(report));
    root.querySelector("[data-gaps]").replaceChildren(...[gaps(report)].flat());
    root.querySelector("[data-change]").replaceChildren(change(report));
  }
  root.querySelector("[data-download-csv]").addEventListener("click", () => downloadCsv().catch(() => message(status, "The CSV could not be downloaded.", "error")));
  root.querySelector("[data-print]").addEventListener("click", () => window.print());
  root.hidden = false;
  status.replaceChildren();
}

start().catch((error) => explain(status, error));
})();
