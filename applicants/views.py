
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render

from . import privacy, selectors, services
from .decorators import applicant_page, role_required
from .forms import EraseForm, ProfileForm
from .models import Notification
from .notifications import mark_read
from .pickers import zone_datalist


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "landing.html")
    if user.is_staff:
        return redirect("admin:index")
    if user.is_advisor:
        return redirect("applicants:advisor-home")
    return redirect("road:dashboard")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def _form_context(form) -> dict:
    return {"form": form, "zone_datalist": zone_datalist()}


@login_required
def onboarding(request):
    if selectors.access_own_applicant(request.user):
        return redirect("applicants:status")
    form = ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, "Thank you. Here is where you stand.")
        return redirect("applicants:status")
    return render(request, "applicants/onboarding.html", _form_context(form))


@login_required
def profile(request):
    applicant = selectors.access_own_applicant(request.user)
    if applicant is None:
        return redirect("applicants:onboarding")
    form = ProfileForm(request.POST or None, instance=applicant)
    if request.method == "POST" and form.is_valid():
        services.save_profile(user=request.user, data=form.cleaned_data, applicant=applicant)
        messages.success(request, "Your profile is saved.")
        return redirect("applicants:status")
    return render(request, "applicants/profile.html", _form_context(form))


@login_required
def status(request):
    applicant = selectors.access_own_applicant(request.user)
    if applicant is None:
        return redirect("applicants:onboarding")
    return render(
        request,
        "applicants/status.html",
        {"applicant": applicant, "classification": applicant.classification},
    )


@role_required(lambda user: user.is_advisor)
def advisor_home(request):
    """The advisor's landing: their caseload."""
    return redirect("road:caseload")


@applicant_page
def notifications(request, applicant):
    """The bell's list: newest first; opening it leaves them unread until marked."""
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
        done = mark_read(applicant, ids)
        messages.success(request, f"Marked {done} as read." if done else "Nothing new to mark.")
        return redirect("applicants:notifications")
    items = Notification.objects.visible_to(request.user)[:100]
    return render(request, "applicants/notifications.html",
                  {"applicant": applicant, "items": items})


@applicant_page
def my_data(request, applicant):
    """What we hold about you, a download of all of it, and erasing your account."""
    form = EraseForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        privacy.erase_account(request.user)
        logout(request)
        messages.success(request, "Your account and everything in it are erased.")
        return redirect("home")
    return render(request, "applicants/my_data.html", {
        "applicant": applicant, "kinds": privacy.summary(request.user), "form": form})


@applicant_page
def my_data_export(request, applicant):
    response = HttpResponse(privacy.export_zip(request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="imgpath-my-data.zip"'
    return response
