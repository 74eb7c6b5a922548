// Insights search: filters the build-time index (/insights/search.json) as the reader types.
// No dependencies, no third-party requests; the form stays hidden where this script cannot run.
const form = document.querySelector("form.insights-search");
if (form) {
  const input = form.querySelector("input[type=search]");
  const status = form.querySelector(".search-status");
  const results = form.querySelector(".search-results");
  let index = null;

  const load = async () => {
    if (index === null) {
      const response = await fetch(form.dataset.searchIndex);
      index = (await response.json()).map((entry) => ({
        ...entry,
        haystack: [entry.t, entry.s, entry.a, ...entry.g].join(" ").toLowerCase(),
      }));
    }
    return index;
  };

  const show = (matches, query) => {
    results.replaceChildren(
      ...matches.slice(0, 20).map((entry) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = entry.u;
        link.textContent = entry.t;
        const summary = document.createElement("p");
        summary.textContent = entry.s;
        item.append(link, summary);
        return item;
      }),
    );
    results.hidden = matches.length === 0;
    status.textContent = query
      ? `${matches.length} ${matches.length === 1 ? "article matches" : "articles match"} “${query}”`
      : "";
  };

  const search = async () => {
    const query = input.value.trim();
    if (!query) {
      show([], "");
      return;
    }
    const terms = query.toLowerCase().split(/\s+/);
    const entries = await load();
    show(entries.filter((entry) => terms.every((term) => entry.haystack.includes(term))), query);
  };

  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", search);
  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search();
  }
}
