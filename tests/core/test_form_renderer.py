"""The Python-drawn <input> widgets write exactly what Django's widget templates write."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from core.form_renderer import INPUT_TEMPLATES, Renderer

WIDGETS = [
    forms.TextInput(), forms.TextInput(attrs={"type": "search", "placeholder": 'a "b" <c>'}),
    forms.NumberInput(attrs={"min": 0, "max": 100, "step": "any"}), forms.EmailInput(),
    forms.DateInput(attrs={"type": "date", "required": True, "disabled": False}),
    forms.CheckboxInput(), forms.HiddenInput(), forms.PasswordInput(render_value=True),
    forms.URLInput(), forms.TimeInput(), forms.FileInput(), forms.DateTimeInput(),
]
VALUES = [None, "", "plain", 'quote " & <tag>', 42, 0, date(2027, 1, 5), True, False,
          mark_safe("<b>safe</b>"), "a\x00b", "ünïcode ‮"]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_every_input_widget_is_drawn_as_its_template_draws_it(widget):
    django_renderer, ours = DjangoTemplates(), Renderer()
    for value in VALUES:
        attrs = {"id": "id_x", "aria-describedby": "id_x_helptext", "autofocus": True}
        expected = widget.render("field-name", value, attrs, renderer=django_renderer)
        assert widget.render("field-name", value, attrs, renderer=ours) == expected, value


def test_the_python_drawing_covers_exactly_the_one_tag_templates():
    """A widget template that is only an include of input.html is drawn in Python; a
    template of a Django upgrade that changes input.html or attrs.html fails the test above."""
    engine = DjangoTemplates().engine
    only_input = '{% include "django/forms/widgets/input.html" %}'
    for name in INPUT_TEMPLATES:
        assert engine.get_template(name).template.source.strip() == only_input, name


def test_forms_use_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
