"""What other apps may use of consent: marketing audiences, withdrawals by number and the
marketing status of a number.

Models and `internal/` stay private to consent (import-linter's contracts in pyproject)."""

# --- audiences, used by campaigns -----------------------------------------------------------


# --- a number's marketing status and withdrawal, used by privacy ----------------------------
