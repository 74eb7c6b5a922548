/*
 * The account pages: sends each form under /account/ to its /api/auth route through
 * window.agentBoss (js/api.js), shows every problem next to its field, and fills "My account".
 * The gym (or any feature) can list its items on "My account" by listening for
 * `agentboss:account-loaded` (detail: the /api/me body) and filling [data-history-list].
 */
(function () {
  "use strict";

  var ab = window.agentBoss;
  var api = ab.api;
  var session = ab.session;
  var EMAIL_KEY = "agentBoss.pendingEmail";
  var FLASH_KEY = "agentBoss.flash";

  function remember(key, value) {
    try { if (value) sessionStorage.setItem(key, value); else sessionStorage.removeItem(key); } catch (e) { /* optional */ }
  }
  function recall(key) {
    try { return sessionStorage.getItem(key) || ""; } catch (e) { return ""; }
  }

  function showFlash() {
    var message = recall(FLASH_KEY);
    var region = document.querySelector("[data-flash]");
    if (!message || !region) return;
    remember(FLASH_KEY, "");
    region.textContent = message;
    region.hidden = false;
  }

  /** Where to go after success: a same-site `?next=` path, else the form's own next step. */
  function nextUrl(form) {
    var next = new URLSearchParams(window.location.search).get("next") || "";
    if (/^\/(?![/\\])/.test(next)) return next;
    return form.getAttribute("data-next") || "";
  }

  function values(form) {
    var data = {};
    form.querySelectorAll("input[name]").forEach(function (input) { data[input.name] = input.value; });
    return data;
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-field-error]").forEach(function (p) { p.textContent = ""; p.hidden = true; });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    var summary = form.querySelector("[data-form-error]");
    summary.textContent = "";
    summary.hidden = true;
  }

  function labelOf(input) {
    var label = input.form.querySelector('label[for="' + input.id + '"]');
    return label ? label.textContent.trim().toLowerCase() : input.name;
  }

  /** The browser's own checks, worded for people; returns [{field, message}]. */
  function localProblems(form) {
    var problems = [];
    form.querySelectorAll("input[name]").forEach(function (input) {
      var v = input.validity;
      var own = input.getAttribute("data-message");
      var message = "";
      if (v.valueMissing) message = own || "Enter your " + labelOf(input) + ".";
      else if (v.typeMismatch) message = "Enter a valid email address, like name@example.com.";
      else if (v.tooShort) message = "Use at least " + input.minLength + " characters.";
      else if (v.patternMismatch || v.tooLong) message = own || "Check the format of your " + labelOf(input) + ".";
      if (message) problems.push({ field: input.name, message: message });
    });
    return problems;
  }

  function showProblems(form, message, problems) {
    var first = null;
    var unplaced = [];
    problems.forEach(function (problem) {
      var slot = form.querySelector('[data-field-error="' + problem.field + '"]');
      var input = form.querySelector('input[name="' + problem.field + '"]');
      if (!slot || !input) { unplaced.push(problem.message); return; }
      slot.textContent = problem.message;
      slot.hidden = false;
      input.setAttribute("aria-invalid", "true");
      first = first || input;
    });
    var summary = form.querySelector("[data-form-error]");
    if (message || unplaced.length) {
      summary.textContent = [message].concat(unplaced).filter(Boolean).join(" ");
      summary.hidden = false;
    }
    (first || summary).focus();
  }

  function accepted(response) { return response && response.message; }

  var ACTIONS = {
    "sign-up": function (v) {
      remember(EMAIL_KEY, v.email);
      return api.anonymous("POST", "/api/auth/sign-up", { email: v.email, password: v.password, name: v.name }).then(accepted);
    },
    "confirm": function (v) {
      return api.anonymous("POST", "/api/auth/confirm", { email: v.email, code: v.code }).then(accepted);
    },
    "resend-code": function (v) {
      remember(EMAIL_KEY, v.email);
      return api.anonymous("POST", "/api/auth/resend-code", { email: v.email }).then(accepted);
    },
    "sign-in": function (v) {
      remember(EMAIL_KEY, v.email);
      return session.signIn(v.email, v.password).then(function () { remember(EMAIL_KEY, ""); return "You are signed in."; });
    },
    "forgot-password": function (v) {
      remember(EMAIL_KEY, v.email);
      return api.anonymous("POST", "/api/auth/forgot-password", { email: v.email }).then(accepted);
    },
    "reset-password": function (v) {
      return api.anonymous("POST", "/api/auth/reset-password", { email: v.email, code: v.code, password: v.password }).then(accepted);
    },
    "change-password": function (v) {
      return api.post("/api/auth/change-password", { current_password: v.current_password, new_password: v.new_password }).then(accepted);
    },
    "rename": function (v) {
      return api.patch("/api/me", { name: v.name }).then(function (me) { fillDetails(me); return "Your name is saved."; });
    },
    "delete": function () {
      return api.del("/api/me").then(function (result) { session.forget(); return result.message; });
    }
  };
  var AFTER = { "delete": "/account/" };

  function enhance(form) {
    var action = form.getAttribute("data-account-form");
    if (form.hasAttribute("data-needs-sign-in") && !session.isSignedIn()) {
      form.hidden = true;
      document.querySelectorAll("[data-signed-out-only]").forEach(function (el) { el.hidden = false; });
      return;
    }
    form.querySelectorAll("[data-prefill-email]").forEach(function (input) {
      if (!input.value) input.value = recall(EMAIL_KEY);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors(form);
      var problems = localProblems(form);
      if (problems.length) { showProblems(form, "", problems); return; }
      var button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      ACTIONS[action](values(form)).then(function (message) {
        var next = AFTER[action] || nextUrl(form);
        if (next) {
          remember(FLASH_KEY, message);
          window.location.assign(next);
          return;
        }
        remember(FLASH_KEY, message);
        showFlash();
        form.reset();
      }, function (error) {
        var problems = error.fields || [];
        var message = problems.length && problems.every(function (p) { return form.querySelector('[data-field-error="' + p.field + '"]'); }) ? "" : error.message;
        if (error.code === "account_not_confirmed") message = error.message;
        showProblems(form, message, problems);
        if (error.code === "account_not_confirmed") {
          var link = document.createElement("a");
          link.href = "/account/confirm/";
          link.textContent = " Go to the confirmation page.";
          form.querySelector("[data-form-error]").appendChild(link);
        }
      }).then(function () {
        button.disabled = false;
        form.removeAttribute("aria-busy");
      });
    });
  }

  function fillDetails(me) {
    var role = me.groups.indexOf("admin") >= 0 ? "Staff (admin)" : "Member";
    var fields = { name: me.name || "(no name)", email: me.email, role: role };
    document.querySelectorAll("[data-me]").forEach(function (el) { el.textContent = fields[el.getAttribute("data-me")]; });
    var rename = document.getElementById("rename-name");
    if (rename) rename.value = me.name || "";
  }

  function toggle(selector, visible) {
    document.querySelectorAll(selector).forEach(function (el) { el.hidden = !visible; });
  }

  function download() {
    return api.download("/api/me/export").then(function (file) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(file.blob);
      link.download = file.filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    });
  }

  function pageError(error) {
    var region = document.querySelector("[data-page-error]");
    region.textContent = error.message;
    region.hidden = false;
  }

  function signedOut(message) {
    remember(FLASH_KEY, message);
    window.location.assign("/account/sign-in/");
  }

  function accountPage(page) {
    if (!session.isSignedIn()) { toggle("[data-signed-out-only]", true); return; }
    api.get("/api/me").then(function (me) {
      fillDetails(me);
      toggle("[data-signed-in-only]", true);
      window.dispatchEvent(new CustomEvent("agentboss:account-loaded", { detail: me }));
    }, function (error) {
      if (error.status === 401) { session.forget(); toggle("[data-signed-out-only]", true); return; }
      pageError(error);
    });
    page.querySelector("[data-sign-out]").addEventListener("click", function () {
      session.signOut().then(function () { signedOut("You are signed out."); });
    });
    page.querySelector("[data-sign-out-everywhere]").addEventListener("click", function () {
      api.post("/api/auth/sign-out-everywhere").then(function () {
        session.forget();
        signedOut("You are signed out on every device.");
      }, pageError);
    });
    page.querySelector("[data-download]").addEventListener("click", function () { download().catch(pageError); });
  }

  showFlash();
  document.querySelectorAll("form[data-account-form]").forEach(enhance);
  var page = document.querySelector("[data-account-page]");
  if (page) accountPage(page);
})();
