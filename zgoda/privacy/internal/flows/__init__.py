"""Side effects of the privacy app: tokens, withdrawals, requests log, erasure, STOP replies."""
