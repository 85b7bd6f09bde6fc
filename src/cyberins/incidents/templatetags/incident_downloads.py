"""``{% incident_downloads incident %}``: the case page's reports and exports, as the viewer may have them."""

from __future__ import annotations

from typing import Any

from django import template

from cyberins.incidents.downloads import may_export

register = template.Library()


@register.inclusion_tag("incidents/_downloads.html", takes_context=True)
def incident_downloads(context: dict[str, Any], incident: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"incident": incident, "may_export": may_export(user)}
