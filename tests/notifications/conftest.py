"""The loopback SMTP server and webhook receiver as fixtures of the notification tests."""

from tests.notifications.servers import receiver, smtp

__all__ = ["receiver", "smtp"]
