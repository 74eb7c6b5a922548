// The Score result: loads one attempt from the API and fills the server-rendered page.
const SVG = "http://www.w3.org/2000/svg";
const root = document.getElementById("score-result");
const $ = (id) => document.getElementById(id);

const element = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text != null) node.textContent = text;
  if (className) node.className = className;
  return node;
};

const svgNode = (tag, attributes, text) => {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, String(value)));
  if (text != null) node.textContent = text;
  return node;
};

// Horizontal bars with a hatched fill, each labelled with its name, score and level in text above
// the bar (so the chart reads the same without colour, and stays legible on a phone); the table
// after it is the text alternative.
const profileChart = (dimensions) => {
  const width = 480;
  const row = 58;
  const svg = svgNode("svg", {
    viewBox: `0 0 ${width} ${dimensions.length * row}`,
    role: "img",
    "aria-labelledby": "r-chart-title",
    class: "score-chart-svg",
  });
  svg.append(svgNode("title", { id: "r-chart-title" }, "Your score in each dimension, out of 100"));
  const defs = svgNode("defs", {});
  const pattern = svgNode("pattern", {
    id: "score-hatch",
    width: 8,
    height: 8,
    patternUnits: "userSpaceOnUse",
    patternTransform: "rotate(45)",
  });
  pattern.append(svgNode("rect", { width: 8, height: 8, class: "score-bar-fill" }));
  pattern.append(svgNode("line", { x1: 0, y1: 0, x2: 0, y2: 8, class: "score-bar-hatch" }));
  defs.append(pattern);
  svg.append(defs);
  dimensions.forEach((dimension, index) => {
    const y = index * row;
    const group = svgNode("g", {});
    group.append(svgNode("text", { x: 0, y: y + 18, class: "score-bar-label" }, dimension.name));
    const value = svgNode("text", { x: width, y: y + 18, "text-anchor": "end", class: "score-bar-value" });
    value.textContent = `${dimension.score} · ${dimension.level_name}`;
    group.append(value);
    group.append(svgNode("rect", { x: 1, y: y + 26, width: width - 2, height: 20, class: "score-bar-track" }));
    const filled = Math.max(2, ((width - 2) * dimension.score) / 100);
    group.append(svgNode("rect", { x: 1, y: y + 26, width: filled, height: 20, fill: "url(#score-hatch)", class: "score-bar" }));
    svg.append(group);
  });
  return svg;
};

const linkList = (title, links) => {
  const wrapper = element("div", null, "score-recs");
  wrapper.append(element("h4", title));
  const list = element("ul");
  links.forEach((link) => {
    const item = element("li");
    const anchor = element("a", link.title);
    anchor.href = link.url;
    item.append(anchor);
    if (link.summary) item.append(element("span", ` ${link.summary}`, "small"));
    list.append(item);
  });
  wrapper.append(list);
  return wrapper;
};

// Taken through a team invite (noted in this tab by the quiz): say it counted, and only in aggregate.
const showTeamNote = (id) => {
  let counted = null;
  try {
    counted = JSON.parse(sessionStorage.getItem("agentBoss.teamCounted"));
  } catch {
    return;
  }
  if (!counted || counted.id !== id) return;
  $("r-team").textContent = counted.recorded
    ? `Counted for the ${counted.team} team at ${counted.organisation}. They will see group figures only, never this result.`
    : `This attempt could not be counted for the ${counted.team} team (the invite link was used up); your result is unaffected.`;
  $("r-team").hidden = false;
};

const render = (result) => {
  const shareUrl = `${location.origin}${result.band.share_path}`;
  const resultUrl = `${location.origin}/score/result/?id=${encodeURIComponent(result.id)}`;
  $("r-band-name").textContent = result.band.name;
  $("r-overall").textContent = result.overall;
  $("r-band-summary").textContent = result.band.summary;
  $("r-band-meaning").textContent = result.band.meaning;
  showTeamNote(result.id);
  result.band.next_steps.forEach((step) => $("r-next-steps").append(element("li", step)));
  if (result.percentile) {
    const { percentile, top_percent: top, takers } = result.percentile;
    $("r-percentile").textContent = `You scored higher than ${percentile}% of the ${takers} people who have taken this version: top ${top}%.`;
    $("r-percentile").hidden = false;
  } else {
    $("r-percentile-later").textContent = `How you compare with others appears once ${result.percentile_min_takers} people have taken this version of the Score.`;
    $("r-percentile-later").hidden = false;
  }
  $("r-chart").append(profileChart(result.dimensions));
  result.dimensions.forEach((dimension) => {
    const tableRow = element("tr");
    tableRow.append(element("th", dimension.name), element("td", `${dimension.score}`), element("td", dimension.level_name));
    tableRow.firstChild.scope = "row";
    $("r-table").append(tableRow);
  });
  result.gaps.forEach((gap) => {
    const item = element("li");
    item.append(element("h3", `${gap.name}: ${gap.score} out of 100`), element("p", gap.why));
    if (gap.lessons.length) item.append(linkList("Practise in the gym", gap.lessons));
    if (gap.articles.length) item.append(linkList("Read", gap.articles));
    $("r-gaps").append(item);
  });
  $("r-fam-score").textContent = `${result.familiarity.score} out of 100`;
  $("r-cap-score").textContent = `${result.familiarity.capability} out of 100`;
  $("r-fam-text").textContent = result.familiarity.text;
  result.items.forEach((entry) => {
    const item = element("li");
    const earned = entry.points === 1 ? "Full marks" : entry.points === 0 ? "No marks" : `${Math.round(entry.points * 100)}% of the marks`;
    item.append(element("h3", entry.question), element("p", `${earned} · ${entry.dimensions.join(", ")}`, "small"), element("p", entry.explanation));
    $("r-items").append(item);
  });
  $("r-version").textContent = result.quiz_version;
  const text = `I'm ${/^[AEIOU]/.test(result.band.name) ? "an" : "a"} ${result.band.name} on the Agent Boss Score. How well do you orchestrate AI agents?`;
  $("r-linkedin").href = `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(shareUrl)}`;
  $("r-x").href = `https://x.com/intent/post?text=${encodeURIComponent(text)}&url=${encodeURIComponent(shareUrl)}`;
  $("r-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(resultUrl);
      $("r-copy-status").textContent = "Link copied.";
    } catch {
      $("r-copy-status").textContent = `Copy this link: ${resultUrl}`;
    }
  });
  document.title = `${result.band.name}: your Agent Boss Score`;
  $("score-loading").hidden = true;
  root.hidden = false;
  $("r-title").focus();
};

const showFieldError = (id, message) => {
  $(id).textContent = message || "";
  $(id).hidden = !message;
};

const emailReport = (attemptId) => {
  const form = $("r-email-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const email = $("r-email").value.trim();
    showFieldError("r-email-error", /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? "" : "Enter a valid email address.");
    showFieldError("r-consent-error", $("r-consent-report").checked ? "" : "Tick the first box so we may send the report.");
    if (!$("r-email-error").hidden) return $("r-email").focus();
    if (!$("r-consent-error").hidden) return $("r-consent-report").focus();
    $("r-email-status").textContent = "Sending…";
    const response = await fetch(`/api/score/attempts/${encodeURIComponent(attemptId)}/report`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        email,
        consent_report: true,
        consent_updates: $("r-consent-updates").checked,
        consent_version: form.elements.consent_version.value,
      }),
    }).catch(() => null);
    const data = response ? await response.json().catch(() => ({})) : {};
    $("r-email-status").textContent = response && response.ok
      ? `Sent to ${email}. It may take a minute to arrive.`
      : (data.error && data.error.message) || "We could not send it. Try again shortly.";
  });
};

if (root) {
  const id = new URLSearchParams(location.search).get("id") || "";
  fetch(`/api/score/attempts/${encodeURIComponent(id)}`)
    .then(async (response) => {
      if (!response.ok) throw new Error(response.status === 404 ? "We could not find that result." : "We could not load that result. Try again shortly.");
      render(await response.json());
      emailReport(id);
    })
    .catch((error) => {
      $("score-loading").hidden = true;
      $("score-load-error-text").textContent = error.message;
      $("score-load-error").hidden = false;
    });
}
