from django.urls import path

from . import views

app_name = "applicants"

urlpatterns = [
    path("onboarding/", views.onboarding, name="onboarding"),
    path("me/", views.status, name="status"),
    path("me/profile/", views.profile, name="profile"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("advisor/", views.advisor_home, name="advisor-home"),
]
