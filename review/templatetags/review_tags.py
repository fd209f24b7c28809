"""The project's one number formatter (`core.formatting`) for the review templates: «1 240», never «1240»."""

from django import template

from core.formatting import format_number

register = template.Library()


@register.filter
def number(value, decimals: int = 0) -> str:
    return format_number(value or 0, decimals)
