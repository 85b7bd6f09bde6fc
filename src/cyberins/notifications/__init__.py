"""Notifications: the in-app inbox, email in the recipient's language and signed webhooks (one service)."""
