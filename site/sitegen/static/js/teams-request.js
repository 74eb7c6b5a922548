// The team assessment request form: posts to the API and names each field's problem beside it.
(() => {
const { clearErrors, message, showError } = window.agentBossTeams;

const form = document.querySelector("[data-team-request]");
const status = form.querySelector("[data-form-status]");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  const data = new FormData(form);
  const body = {
    organisation: data.get("organisation"),
    contact_name: data.get("contact_name"),
    work_email: data.get("work_email"),
    team_size: data.get("team_size") || null,
    message: data.get("message"),
    consent: form.elements.consent.checked,
    website: data.get("website"),
  };
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  message(status, "Sending…");
  try {
    const response = await fetch("/api/teams/requests", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const payload = await response.json().catch(() => null);
    if (!response.ok) {
      showError(form, status, (payload && payload.error) || { message: "Something went wrong. Please try again." });
      return;
    }
    form.reset();
    message(status, "Thank you: your request is with us. We have emailed you a confirmation.", "success");
  } catch {
    message(status, "We could not reach the server. Check your connection and try again.", "error");
  } finally {
    button.disabled = false;
  }
});
})();
