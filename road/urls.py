from django.urls import path

from .canada import views as canada_views
from .dashboard import views as dashboard_views

app_name = "road"

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/report/", dashboard_views.report, name="report"),
    path("canada/", canada_views.canada, name="canada"),
]
