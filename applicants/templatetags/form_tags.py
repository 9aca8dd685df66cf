"""`{% form_field field %}`: one form field with its label, help and errors (all errors at
once, each tied to the field), drawn in Python: on long forms the same markup drawn by a
template include per field cost more than the rest of the page. includes/field.html calls
this too, so there is one markup for a field."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

register = template.Library()


@register.simple_tag
def form_field(field) -> str:
    checkbox = field.widget_type == "checkbox"
    classes = "field" + (" has-error" if field.errors else "") + (" field-check" if checkbox
                                                                   else "")
    for_id = conditional_escape(field.id_for_label)
    if checkbox:
        body = f'{field} <label for="{for_id}">{conditional_escape(field.label)}</label>'
    else:
        required = ('<span class="req" aria-hidden="true"> *</span>'
                    if field.field.required else "")
        body = (f'<label for="{for_id}">{conditional_escape(capfirst(field.label))}{required}'
                f"</label>{field}")
    auto_id = conditional_escape(field.auto_id)
    help_text = (f'<div class="help" id="{auto_id}_helptext">'
                 f"{conditional_escape(field.help_text)}</div>" if field.help_text else "")
    errors = "".join(f'<p class="error" id="{auto_id}_error_{n}" role="alert">'
                     f"{conditional_escape(error)}</p>"
                     for n, error in enumerate(field.errors, start=1))
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<div class="{classes}">{body}{help_text}{errors}</div>')
