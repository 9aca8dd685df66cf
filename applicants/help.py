"""Help pages for applicants: the list, one page, and the page each checklist group links
to. Pages are public (read before signing up too); only published ones are shown."""

from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from core.text import render_markdown

from .models import HelpPage


def help_index(request):
    pages = HelpPage.objects.published().only("slug", "title", "summary")
    return render(request, "applicants/help/index.html", {"pages": pages})


def help_page(request, slug):
    page = get_object_or_404(HelpPage.objects.published(), slug=slug)
    return render(request, "applicants/help/page.html", {
        "page": page, "body": mark_safe(render_markdown(page.body))})  # noqa: S308 (nh3)
