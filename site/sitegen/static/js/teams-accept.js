// Accept an organisation admin invitation (the token travels in the link's fragment, never to a server log).
(() => {
const { client, el, explain, hashParam, message } = window.agentBossTeams;

const KEY = "agentBoss.adminInvite";
const status = document.querySelector("[data-accept-status]");
const button = document.querySelector("[data-accept]");
const signIn = document.querySelector("[data-sign-in]");

const fromLink = hashParam("token");
if (fromLink) {
  sessionStorage.setItem(KEY, fromLink); // survives the trip through the sign-in page
  history.replaceState(null, "", location.pathname);
}
const token = sessionStorage.getItem(KEY);
const agentBoss = client();
if (!token) {
  message(status, "Open the link from your invitation email to accept it.", "warning");
  button.hidden = true;
} else if (agentBoss && agentBoss.session.isSignedIn()) {
  signIn.hidden = true;
}

button.addEventListener("click", async () => {
  if (!agentBoss) return message(status, "Sign-in is not available right now.", "error");
  button.disabled = true;
  try {
    const org = await agentBoss.api.post("/api/teams/admin-invites/accept", { token });
    sessionStorage.removeItem(KEY);
    status.replaceChildren(
      el("p", { class: "message message-success" }, `You are now the admin of ${org.name}. `,
        el("a", { href: `/teams/manage/?org=${encodeURIComponent(org.id)}` }, "Set up your teams")),
    );
    button.hidden = true;
  } catch (error) {
    explain(status, error);
  } finally {
    button.disabled = false;
  }
});
})();
