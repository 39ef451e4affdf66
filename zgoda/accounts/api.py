"""What other apps may use of accounts: the 2FA number of an account, and the code step
other apps (the privacy portal) run with the login's rules and limits.

Models and `internal/` stay private to accounts (import-linter's contracts in pyproject)."""

# --- used by consent, campaigns and the shop ----------------------------------------------


# --- the code step, used by the privacy portal --------------------------------------------
