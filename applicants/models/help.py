from django.db import models
from simple_history.models import HistoricalRecords


class HelpPageQuerySet(models.QuerySet):
    def published(self) -> "HelpPageQuerySet":
        return self.filter(published=True)


class HelpPage(models.Model):
    """A page of plain-language help for applicants, written in Markdown in the admin.

    Pages are found by slug: checklist lines link to them by URL name and slug
    (`applicants:help-page`), so any app's template may link without importing this one.
    `internal_note` is for the people who keep the page (where a fact was checked, our rule
    ids); it is never shown to applicants: they see `source_line` and `source_url`."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=240, help_text="One sentence for the list of pages.")
    body = models.TextField(help_text="Markdown. Rendered and sanitised: no scripts, no "
                                      "event handlers, links only to http(s) and mailto.")
    source_line = models.CharField(
        max_length=300, blank=True,
        help_text="Where the facts come from, in plain words (e.g. 'ECFMG Information "
                  "Booklet, 2026'). Shown to applicants.")
    source_url = models.URLField("source link", max_length=300, blank=True)
    checked_on = models.DateField("facts checked on", null=True, blank=True)
    internal_note = models.TextField(blank=True, help_text="For editors only; never shown.")
    order = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = HelpPageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title
