from django.urls import path

from . import views
from .dashboard import views as dashboard_views

app_name = "applicants"

urlpatterns = [
    path("onboarding/", views.onboarding, name="onboarding"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/report/", dashboard_views.report, name="report"),
    path("me/", views.status, name="status"),
    path("me/profile/", views.profile, name="profile"),
    path("advisor/", views.advisor_home, name="advisor-home"),
]
