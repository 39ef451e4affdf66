from . import dashboard, exports, invitations, ledger, texts  # noqa: F401  (registers the admins)
