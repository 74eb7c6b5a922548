// Shared by the gym's scripts: JSON requests through the session of js/api.js, and a tiny DOM
// builder that only ever sets text (nothing a user wrote becomes markup).
// Classic deferred scripts share one namespace: fingerprinted file names rule out module imports.
(function () {
"use strict";

// Requests go through js/api.js (window.agentBoss, on every page): it adds the access token
// and refreshes it once on a 401. Answers come back as { ok, status, body } for simple branching.
async function request(method, path, body) {
  const client = window.agentBoss && window.agentBoss.api;
  if (!client) return { ok: false, status: 0, body: { error: { message: "The page did not load fully; reload it." } } };
  try {
    const data = await client.request(method, path, body === undefined ? {} : { body });
    return { ok: true, status: 200, body: data };
  } catch (error) {
    if (!error || error.name !== "ApiError") throw error;
    return {
      ok: false,
      status: error.status,
      body: { error: { code: error.code, message: error.message, fields: error.fields || [] } },
    };
  }
}

function isSignedIn() {
  return Boolean(window.agentBoss && window.agentBoss.session.isSignedIn());
}

function signInUrl() {
  return `/account/sign-in/?next=${encodeURIComponent(location.pathname)}`;
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

window.AgentBossGym = { request, isSignedIn, signInUrl, el };
})();
