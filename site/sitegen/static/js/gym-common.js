// Shared by the gym's scripts: JSON requests through the session of js/api.js, and a tiny DOM
// builder that only ever sets text (nothing a user wrote becomes markup).
// Classic deferred scripts share one namespace: fingerprinted file names rule out module imports.
(function () {
"use strict";

// ---- Requests: js/api.js (the accounts work) holds the session; this page sends JSON through it.
function apiClient() {
  return window.AgentBoss && window.AgentBoss.api;
}

async function request(method, path, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    const client = apiClient();
    response = client ? await client.fetch(path, init) : await fetch(path, init);
  } catch (error) {
    return { ok: false, status: 0, body: { error: { message: "The network is unreachable; try again." } } };
  }
  let parsed = null;
  try {
    parsed = await response.json();
  } catch (error) {
    parsed = null;
  }
  return { ok: response.ok, status: response.status, body: parsed };
}

function signInUrl() {
  return `/account/?next=${encodeURIComponent(location.pathname)}`;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

window.AgentBossGym = { request, signInUrl, el };
})();
