"""``{% exact_online_badge administration %}``: the connection state for dashboards."""

from django import template

from exactbridge.online.models import ExactOnlineConnection

register = template.Library()


@register.inclusion_tag("online/badge.html")
def exact_online_badge(administration) -> dict:
    connection = ExactOnlineConnection.objects.filter(administration=administration).first()
    return {"connection": connection}
