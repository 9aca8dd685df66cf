from django import template

from applicants.reminders.display import when

register = template.Library()


@register.filter
def deadline_when(deadline, zone: str):
    return when(deadline, zone)
