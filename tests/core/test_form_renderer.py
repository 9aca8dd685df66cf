"""The Python-drawn <input> and <select> widgets write exactly what Django's widget
templates write."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.form_renderer import (
    INPUT_TEMPLATES,
    OPTION_INPUT_TEMPLATES,
    SELECT_OPTION_TEMPLATE,
    SELECT_TEMPLATE,
    Renderer,
)

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


CHOICES = [("", "Any"), ("a", "Plain"), ("q", 'quote " & <tag>'), (3, 3), (0, "Zero"),
           ("lazy", gettext_lazy("Lazy label")), ("safe", mark_safe("<b>safe</b>")),
           ("Group <1>", [("g1", "In a group"), ("g2", "ünïcode ‮")]), ("nul", "a\x00b")]
CHOICE_WIDGETS = [
    forms.Select(choices=CHOICES), forms.Select(choices=[]),
    forms.Select(choices=CHOICES, attrs={"class": "wide", "disabled": True, "data-x": 'a"b'}),
    forms.SelectMultiple(choices=CHOICES), forms.NullBooleanSelect(),
    forms.CheckboxSelectMultiple(choices=CHOICES), forms.RadioSelect(choices=CHOICES),
]
CHOICE_VALUES = [None, "", "a", "q", 3, "3", 0, ["a", "g2"], ["lazy", 3], "g1", "missing",
                 True, False, "unknown"]


@pytest.mark.parametrize("widget", CHOICE_WIDGETS, ids=lambda w: type(w).__name__)
def test_every_choice_widget_is_drawn_as_its_templates_draw_it(widget):
    """A select with its options and optgroups; each checkbox or radio of a set, as a page
    draws it one by one (BoundWidget.tag, with and without its label), and the whole set
    (still from its template, around the Python-drawn options)."""
    django_renderer, ours = DjangoTemplates(), Renderer()
    form_class = type("ChoiceForm", (forms.Form,), {"x": forms.Field(widget=widget)})
    values = [v for v in CHOICE_VALUES  # a list is no value of a yes/no select
              if not (isinstance(widget, forms.NullBooleanSelect) and isinstance(v, list))]
    for value in values:
        attrs = {"id": "id_x", "aria-describedby": "id_x_helptext"}
        expected = widget.render("field-name", value, attrs, renderer=django_renderer)
        assert widget.render("field-name", value, attrs, renderer=ours) == expected, value
        theirs = form_class({"x": value}, renderer=django_renderer)["x"]
        mine = form_class({"x": value}, renderer=ours)["x"]
        for wrap in (False, True):
            assert ([box.tag(wrap_label=wrap) for box in mine]
                    == [box.tag(wrap_label=wrap) for box in theirs]), (value, wrap)


def test_the_python_drawing_covers_exactly_the_one_tag_templates():
    """A widget template that is only an include of input.html is drawn in Python; a
    template of a Django upgrade that changes input.html or attrs.html fails the test above."""
    engine = DjangoTemplates().engine
    only_input = '{% include "django/forms/widgets/input.html" %}'
    for name in INPUT_TEMPLATES:
        assert engine.get_template(name).template.source.strip() == only_input, name
    only_option = '{% include "django/forms/widgets/input_option.html" %}'
    for name in OPTION_INPUT_TEMPLATES:
        assert engine.get_template(name).template.source.strip() == only_option, name
    for name in (SELECT_TEMPLATE, SELECT_OPTION_TEMPLATE):
        assert engine.get_template(name)  # the names Django draws a select with


def test_forms_use_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
