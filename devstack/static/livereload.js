// Development only (make serve): reload when the site is rebuilt, show the errors when a rebuild fails.
// Listens to Server-Sent Events from the local server; never part of a production build.
const source = new EventSource("/_dev/events");
let panel = null;

source.addEventListener("reload", () => window.location.reload());
source.addEventListener("failed", (event) => {
  if (panel === null) {
    panel = document.createElement("section");
    panel.className = "dev-errors";
    panel.setAttribute("role", "alert");
    document.body.prepend(panel);
  }
  const heading = document.createElement("h2");
  heading.textContent = "The last rebuild failed: this is the last good version";
  const details = document.createElement("pre");
  details.textContent = event.data;
  panel.replaceChildren(heading, details);
});
