from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import school_options


@login_required
@require_GET
def school_search(request):
    """An HTML fragment of up to ten directory schools, as radio choices for the profile form.

    Takes ?q=&country=, or the profile form's own field names (school_name, school_country),
    so htmx can send the form's inputs as they are.
    """
    text = request.GET.get("q") or request.GET.get("school_name", "")
    country = request.GET.get("country") or request.GET.get("school_country", "")
    options = school_options(text, country=country)
    return render(
        request, "directory/_school_options.html", {"options": options, "announce": True}
    )
