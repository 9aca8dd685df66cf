"""The profile form's long lists, drawn cheaply and usable on a phone.

Django draws a select option by option through its widget templates: with ~250 countries
twice and ~400 time zones that was most of the profile page's time (`make bench`,
profile_form_to_bare_ratio). These widgets build each list's markup once per language and
only mark the chosen values per request.

- CountryChecklist: every country as a checkbox (no Ctrl-click); static/js/picker.js adds a
  search box that narrows the list as you type. Without JavaScript it is a plain list.
- CachedSelect: a <select> whose options are drawn once.
- zone_datalist(): the time-zone box's suggestions, "City, Country" (the box also accepts a
  city or a country typed freely: ProfileForm.clean_time_zone).
"""

from functools import cache
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries import countries

from core import zones


@cache
def _country_items(language: str, name: str) -> str:
    return "".join(
        f'<li><input type="checkbox" name="{name}" value="{code}" id="id_{name}_{code}">'
        f'<label for="id_{name}_{code}">{escape(str(label))}</label></li>'
        for code, label in countries)


class CountryChecklist(forms.Widget):
    allow_multiple_selected = True

    def render(self, name, value, attrs=None, renderer=None):
        items, first = _country_items(get_language(), name), []
        for code in _codes(value):  # the chosen ones first, ticked: seen without scrolling
            start = items.find(f'<li><input type="checkbox" name="{name}" value="{code}" ')
            if start < 0:
                continue
            end = items.index("</li>", start) + len("</li>")
            first.append(items[start:end].replace(f'value="{code}" ',
                                                  f'value="{code}" checked ', 1))
            items = items[:start] + items[end:]
        items = "".join(first) + items
        final = self.build_attrs(self.attrs, attrs)
        final.pop("id", None)
        return mark_safe(  # noqa: S308 (country names escaped above; codes are [A-Z]{2})
            f'<div class="picker" data-picker="countries"{flatatt(final)}>'
            f'<ul class="picker-list">{items}</ul></div>')

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an unticked list sends nothing: that is "none chosen"

    def id_for_label(self, id_):
        return ""  # a group: the template gives it a <legend>, not a <label>


def _codes(value) -> list[str]:
    if not value:
        return []
    values = value if isinstance(value, list | tuple) else [value]
    return [str(getattr(v, "code", v)).upper() for v in values
            if str(getattr(v, "code", v)).isalpha()]


class CachedSelect(forms.Select):
    """A select over a fixed list of choices (given as a callable), options drawn once."""

    def __init__(self, choices_key: str, attrs=None):
        super().__init__(attrs)
        self.choices_key = choices_key

    def render(self, name, value, attrs=None, renderer=None):
        options = _select_options(get_language(), self.choices_key)
        if value not in (None, ""):
            code = escape(str(getattr(value, "code", value)))
            options = options.replace(f'<option value="{code}">',
                                      f'<option value="{code}" selected>', 1)
        final = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 (escaped in _select_options and flatatt)
            f'<select name="{escape(name)}"{flatatt(final)}>{options}</select>')

    def use_required_attribute(self, initial) -> bool:
        """Select's own answer walks the field's choices (every country, sorted by name,
        each request); ours start with a blank "Choose…", which is all Select looks for."""
        return not self.is_hidden


@cache
def _select_options(language: str, key: str) -> str:
    choices = CHOICES[key]()
    return "".join(f'<option value="{escape(str(v))}">{escape(str(label))}</option>'
                   for v, label in choices)


CHOICES = {"countries": lambda: [("", "Choose a country"), *countries]}


@cache
def _zone_options(language: str) -> str:
    names = dict(countries)
    rows = sorted((zones.city_of(zone), names.get(code, code), zone)
                  for zone, code in zones.zone_countries().items())
    return "".join(f'<option value="{escape(zone)}">{escape(city)}, {escape(str(country))}'
                   "</option>" for city, country, zone in rows)


def zone_datalist(list_id: str = "time-zones") -> str:
    return mark_safe(  # noqa: S308 (escaped in _zone_options)
        f'<datalist id="{list_id}">{_zone_options(get_language())}</datalist>')


@cache
def folded_country_names(language: str) -> dict[str, str]:
    """Each country's name, folded as core.zones folds what is typed -> its code."""
    return {zones.fold(str(name)): code for code, name in countries}
