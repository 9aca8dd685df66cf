import weasyprint
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from applicants.selectors import NotAnApplicant

from . import data, fragments
from .timeline import timeline_svg


@login_required
def dashboard(request):
    if not request.user.is_applicant:
        raise NotAnApplicant("Only applicants have a dashboard.")
    applicant = data.dashboard_applicant(request.user)
    if applicant is None:
        return redirect("applicants:onboarding")
    board = data.build(applicant)
    return render(request, "road/dashboard.html", {
        "board": board, "bars": fragments.progress_bars(board.bars),
        "blocking_titles": "; ".join(line.title for line in board.blocking),
        "checklist": [(key, title, fragments.checklist_items(lines))
                      for key, title, lines in board.groups],
        "deadlines": fragments.deadline_items(board.deadlines),
        "timeline": timeline_svg(board.events, board.today),
        "timeline_list": fragments.timeline_items(board.events),
    })


@login_required
def report(request):
    """The dashboard as a dated, printable page; ?format=pdf gives the same as a PDF."""
    if not request.user.is_applicant:
        raise NotAnApplicant("Only applicants have a progress report.")
    applicant = data.dashboard_applicant(request.user)
    if applicant is None:
        return redirect("applicants:onboarding")
    board = data.build(applicant)
    context = {"board": board, "bars": board.bars}
    if request.GET.get("format") != "pdf":
        return render(request, "road/report.html", context)
    html = render_to_string("road/report.html", {**context, "as_pdf": True}, request)
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[weasyprint.CSS(filename=finders.find("css/report.css"))])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="progress-report-{board.today:%Y-%m-%d}.pdf"')
    return response
