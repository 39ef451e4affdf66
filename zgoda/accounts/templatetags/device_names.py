"""{{ user_agent|device_name }}: "Chrome na Android" where a page would show a browser string."""

from django import template

from zgoda.lib.http import device_name as _device_name

register = template.Library()


@register.filter
def device_name(user_agent: str) -> str:
    return _device_name(user_agent)
