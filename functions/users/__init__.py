"""Accounts: sign-up and sign-in on Cognito, the user's profile, and per-user data export and deletion."""
