"""Django's form renderer, with the one-tag <input> widgets drawn in Python.

Django draws each widget from a template (an <input> is three: its type's, input.html and
attrs.html); on a form page those templates cost more than the page's own work (the
program directory's filter: nine fields). `_input` writes exactly what input.html and
attrs.html write, escaped as the templates escape (the test compares the two for every
widget and value kind); every other widget keeps its template.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# The widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html" for name in (
        "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number",
        "password", "search", "tel", "text", "time", "url"))


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return _input(context["widget"])
        return super().render(template_name, context, request)


def _input(widget: dict) -> str:
    parts = [f'<input type="{conditional_escape(widget["type"])}" '
             f'name="{conditional_escape(widget["name"])}"']
    if widget["value"] != None:  # noqa: E711 (the template's own test)
        parts.append(f' value="{_formatted(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is not False:
            parts.append(f" {conditional_escape(name)}")
            if value is not True:
                parts.append(f'="{_formatted(value)}"')
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped by _formatted)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: "%s" % value, escaped unless the value is already
    safe (the filter keeps a safe value safe)."""
    text = "%s" % (value,)  # noqa: UP031 (the filter's own formatting)
    return text if hasattr(value, "__html__") else conditional_escape(text)
