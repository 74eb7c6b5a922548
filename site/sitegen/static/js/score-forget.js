// Forget my address: asks the API to delete a Score report address and its consent records.
const form = document.getElementById("forget-form");

if (form) {
  const email = document.getElementById("forget-email");
  const error = document.getElementById("forget-error");
  const status = document.getElementById("forget-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const address = email.value.trim();
    const valid = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address);
    error.textContent = valid ? "" : "Enter the email address you used.";
    error.hidden = valid;
    if (!valid) return email.focus();
    status.textContent = "Sending…";
    const response = await fetch("/api/score/email/forget", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: address }),
    }).catch(() => null);
    status.textContent = response && response.ok
      ? "Done. If we held that address, it has been deleted."
      : "We could not reach the server. Try again shortly.";
  });
}
