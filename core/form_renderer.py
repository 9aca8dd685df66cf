"""Django's form renderer, with the <input> and <select> widgets drawn in Python.

Django draws each widget from a template (an <input> is three: its type's, input.html and
attrs.html; a <select> two more per option); on a form page those templates cost more than
the page's own work (the program directory's filter: nine fields, two selects of sixty
options and a set of checkboxes). `_input`, `_option_input` and `_select` write exactly
what Django's templates write, escaped as the templates escape (tests/core/
test_form_renderer.py compares the two for every widget and value kind); every other
widget, and a select whose options have a template of their own, keeps its template.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

# The widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html" for name in (
        "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number",
        "password", "search", "tel", "text", "time", "url"))


# The option templates that are only `{% include "django/forms/widgets/input_option.html" %}`
# (a checkbox or radio of a set, drawn one by one with BoundWidget.tag).
OPTION_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}_option.html" for name in ("checkbox", "radio"))
SELECT_TEMPLATE = "django/forms/widgets/select.html"
SELECT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return _input(context["widget"])
        if template_name in OPTION_INPUT_TEMPLATES:
            return _option_input(context["widget"])
        if template_name == SELECT_TEMPLATE and _plain_options(context["widget"]):
            return _select(context["widget"])
        return super().render(template_name, context, request)


def _input(widget: dict) -> str:
    """input.html, with attrs.html."""
    parts = [f'<input type="{conditional_escape(widget["type"])}" '
             f'name="{conditional_escape(widget["name"])}"']
    if widget["value"] != None:  # noqa: E711 (the template's own test)
        parts.append(f' value="{_formatted(widget["value"])}"')
    parts.append(_attrs(widget["attrs"]))
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped by _formatted)


def _option_input(widget: dict) -> str:
    """checkbox_option.html or radio_option.html: input_option.html (the renderer strips the
    line ends of the template it draws, not those of its includes)."""
    tag = _input(widget)
    if widget["wrap_label"]:
        label_for = widget["attrs"].get("id")
        opening = f'<label for="{_text(label_for)}">' if label_for else "<label>"
        tag = f'{opening}{tag}\n {_text(widget["label"])}</label>'
    return mark_safe(tag)  # noqa: S308 (escaped by _input and _text)


def _plain_options(widget: dict) -> bool:
    return all(option["template_name"] == SELECT_OPTION_TEMPLATE
               for _, options, _ in widget["optgroups"] for option in options)


def _select(widget: dict) -> str:
    """select.html, each option as select_option.html draws it."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(f'\n  <option value="{_formatted(option["value"])}"'
                         f'{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped)


def _attrs(attrs: dict) -> str:
    """attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_text(name)}")
            if value is not True:
                parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _text(value) -> str:
    """`{{ value }}`: localised, escaped unless already safe."""
    return conditional_escape(localize(value))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: "%s" % value, escaped unless the value is already
    safe (the filter keeps a safe value safe)."""
    text = "%s" % (value,)  # noqa: UP031 (the filter's own formatting)
    return text if hasattr(value, "__html__") else conditional_escape(text)
