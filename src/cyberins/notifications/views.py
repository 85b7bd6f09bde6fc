"""Inbox pages: the signed-in user's notifications, marking read, and email settings."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cyberins.accounts.errors import DomainError
from cyberins.accounts.models import User
from cyberins.notifications import queries, services
from cyberins.notifications.forms import SettingsForm
from cyberins.notifications.kinds import KINDS
from cyberins.notifications.rendering import render as render_text


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(queries.inbox(request.user, unread_only=unread_only), 30).get_page(
        request.GET.get("page")
    )
    rows = []
    for notification in page:
        subject, body = render_text(notification.kind, notification.params)
        rows.append(
            {"n": notification, "subject": subject, "body": body, "kind": KINDS.get(notification.kind)}
        )
    return render(
        request, "notifications/inbox.html", {"page": page, "rows": rows, "unread_only": unread_only}
    )


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = queries.own_notification(request.user, notification_id)
    services.do_mark_read(actor=cast(User, request.user), notification=notification, now=timezone.now())
    if (
        request.POST.get("open")
        and notification.link
        and url_has_allowed_host_and_scheme(notification.link, allowed_hosts={request.get_host()})
    ):
        return redirect(notification.link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.do_mark_all_read(actor=cast(User, request.user), now=timezone.now())
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    current = services.settings_of(user)
    initial = {
        "language": current.language,
        "email_kinds": [code for code in KINDS if code not in (current.email_muted or [])],
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["email_kinds"])
        try:
            services.do_save_settings(
                actor=user,
                language=form.cleaned_data["language"],
                email_muted=[code for code in KINDS if code not in chosen],
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.render_message())
        else:
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications:inbox")
    return render(request, "notifications/preferences.html", {"form": form})
