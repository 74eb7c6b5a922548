/*
 * The browser's session and API client, on every page as `window.agentBoss` (loaded with defer,
 * so any later deferred or module script can use it).
 *
 *   const { api, session, ApiError } = window.agentBoss;
 *   const me = await api.get("/api/me");                  // Authorization added, JSON parsed
 *   await api.post("/api/gym/attempts", { lesson: "x" });  // 401 -> one refresh -> one retry
 *   const file = await api.download("/api/me/export");    // { blob, filename }, same auth and retry
 *   try { ... } catch (e) { if (e instanceof ApiError) e.message, e.fields, e.status, e.code }
 *
 * The access token is kept in sessionStorage (this tab only, gone when it closes) so that moving
 * between the static pages does not cost a refresh on each. A script injected into the page could
 * read it (XSS); the strict CSP (script-src 'self', no inline script) is what stands against that,
 * and the token expires within the hour. The refresh token is never visible to scripts: it lives
 * in an HttpOnly cookie that only /api/auth/* receives. See docs/accounts.md.
 */
(function () {
  "use strict";

  var TOKEN_KEY = "agentBoss.accessToken";
  var CSRF_COOKIE = "__Host-ab_csrf";
  var REFRESH_MARGIN_MS = 30 * 1000;
  var memory = null; // used when sessionStorage is unavailable (private modes, sandboxed frames)

  function ApiError(status, code, message, fields) {
    var error = new Error(message);
    Object.setPrototypeOf(error, ApiError.prototype);
    error.name = "ApiError";
    error.status = status;
    error.code = code;
    error.fields = fields || [];
    return error;
  }
  ApiError.prototype = Object.create(Error.prototype);
  ApiError.prototype.constructor = ApiError;
  /** { fieldName: message } for showing each problem next to its input. */
  ApiError.prototype.fieldMessages = function () {
    var byField = {};
    this.fields.forEach(function (f) { if (!(f.field in byField)) byField[f.field] = f.message; });
    return byField;
  };

  var FALLBACK_MESSAGES = {
    0: "We could not reach the server. Check your connection and try again.",
    401: "Please sign in to continue.",
    403: "You do not have access to this.",
    404: "We could not find that.",
    429: "Too many attempts. Wait a little, then try again.",
    500: "Something went wrong on our side. Please try again.",
    503: "The service is busy right now. Please try again shortly."
  };

  function readCookie(name) {
    var prefix = name + "=";
    var parts = document.cookie ? document.cookie.split(/;\s*/) : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(prefix) === 0) return decodeURIComponent(parts[i].slice(prefix.length));
    }
    return "";
  }

  function load() {
    try {
      var raw = window.sessionStorage.getItem(TOKEN_KEY);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return memory;
    }
  }

  function store(value) {
    memory = value;
    try {
      if (value) window.sessionStorage.setItem(TOKEN_KEY, JSON.stringify(value));
      else window.sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) { /* memory keeps it for this page */ }
    window.dispatchEvent(new CustomEvent("agentboss:session", { detail: { signedIn: session.isSignedIn() } }));
  }

  var refreshing = null;

  var session = {
    /** The current access token, or "" when there is none (or it is about to expire). */
    accessToken: function () {
      var saved = load();
      return saved && saved.expiresAt - REFRESH_MARGIN_MS > Date.now() ? saved.token : "";
    },
    /** True when this browser probably has a session (a token, or the session cookie to refresh one). */
    isSignedIn: function () {
      return Boolean(session.accessToken() || readCookie(CSRF_COOKIE));
    },
    remember: function (tokens) {
      store({ token: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 });
    },
    forget: function () { store(null); },
    /** Trade the refresh cookie for a new access token; resolves to true on success. One at a time. */
    refresh: function () {
      if (!readCookie(CSRF_COOKIE)) return Promise.resolve(false);
      if (!refreshing) {
        refreshing = send("POST", "/api/auth/refresh", { csrf: true })
          .then(function (tokens) { session.remember(tokens); return true; })
          .catch(function () { session.forget(); return false; })
          .then(function (ok) { refreshing = null; return ok; });
      }
      return refreshing;
    },
    signIn: function (email, password) {
      return send("POST", "/api/auth/sign-in", { body: { email: email, password: password } })
        .then(function (tokens) { session.remember(tokens); return tokens; });
    },
    signOut: function () {
      return send("POST", "/api/auth/sign-out", { csrf: true })
        .catch(function () { return null; })
        .then(function () { session.forget(); });
    }
  };

  function failure(response) {
    return response.json().catch(function () { return null; }).then(function (data) {
      var problem = (data && data.error) || {};
      throw new ApiError(
        response.status,
        problem.code || "http_" + response.status,
        problem.message || FALLBACK_MESSAGES[response.status] || FALLBACK_MESSAGES[500],
        problem.fields
      );
    });
  }

  function readJson(response) {
    if (!response.ok) return failure(response);
    if (response.status === 204) return null;
    return response.json().catch(function () { return null; });
  }

  function readFile(response) {
    if (!response.ok) return failure(response);
    var disposition = response.headers.get("Content-Disposition") || "";
    var named = /filename="([^"]+)"/.exec(disposition);
    return response.blob().then(function (blob) { return { blob: blob, filename: named ? named[1] : "download" }; });
  }

  function send(method, path, options) {
    options = options || {};
    var headers = { Accept: options.accept || "application/json" };
    var init = { method: method, headers: headers, credentials: "same-origin", cache: "no-store" };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    if (options.token) headers.Authorization = "Bearer " + options.token;
    if (options.csrf) headers["X-CSRF-Token"] = readCookie(CSRF_COOKIE);
    return fetch(path, init).then(
      options.read || readJson,
      function () { throw new ApiError(0, "network_error", FALLBACK_MESSAGES[0], []); }
    );
  }

  /** Call the API as the signed-in user (when there is one): refresh once on 401, then give up. */
  function request(method, path, options) {
    options = options || {};
    var ready = session.accessToken() ? Promise.resolve(true) : session.refresh();
    return ready.then(function () {
      var attempt = function () {
        return send(method, path, {
          body: options.body, token: session.accessToken(), read: options.read, accept: options.accept
        });
      };
      return attempt().catch(function (error) {
        if (!(error instanceof ApiError) || error.status !== 401 || !readCookie(CSRF_COOKIE)) throw error;
        return session.refresh().then(function (ok) {
          if (!ok) throw error;
          return attempt();
        });
      });
    });
  }

  var api = {
    request: request,
    get: function (path) { return request("GET", path); },
    post: function (path, body) { return request("POST", path, { body: body === undefined ? {} : body }); },
    patch: function (path, body) { return request("PATCH", path, { body: body }); },
    del: function (path) { return request("DELETE", path); },
    /** A file from the API (CSV, JSON export): resolves to { blob, filename } from Content-Disposition. */
    download: function (path, accept) { return request("GET", path, { read: readFile, accept: accept || "*/*" }); },
    /** A public call that never sends credentials (sign-up, confirm, ...). */
    anonymous: function (method, path, body) { return send(method, path, { body: body }); }
  };

  function showAccountLink() {
    var signedIn = session.isSignedIn();
    document.querySelectorAll("[data-account-link]").forEach(function (link) {
      link.textContent = signedIn ? "Account" : "Sign in";
      link.setAttribute("href", signedIn ? "/account/" : "/account/sign-in/");
    });
  }

  window.agentBoss = { api: api, session: session, ApiError: ApiError };
  window.addEventListener("agentboss:session", showAccountLink);
  showAccountLink();
})();
