"""Start Django for a CLI command."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cyberins.conf.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    # Command output speaks the installation's language, like the pages.
    translation.activate(settings.LANGUAGE_CODE)
