from django.urls import path

from . import help, views
from .reminders import views as reminders

app_name = "applicants"

urlpatterns = [
    path("onboarding/", views.onboarding, name="onboarding"),
    path("me/", views.status, name="status"),
    path("me/profile/", views.profile, name="profile"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/deadlines/", reminders.deadlines, name="deadlines"),
    path("me/deadlines/<int:pk>/snooze/", reminders.snooze, name="deadline-snooze"),
    path("me/deadlines/<int:pk>/done/", reminders.own_done, name="deadline-done"),
    path("me/reminders/", reminders.reminder_settings, name="reminder-settings"),
    path("me/reminders/calendar/new/", reminders.calendar_regenerate,
         name="calendar-regenerate"),
    path("calendar/<str:token>.ics", reminders.calendar_feed, name="calendar-feed"),
    path("reminders/unsubscribe/<str:token>/", reminders.unsubscribe, name="unsubscribe"),
    path("advisor/", views.advisor_home, name="advisor-home"),
    path("help/", help.help_index, name="help-index"),
    path("help/<slug:slug>/", help.help_page, name="help-page"),
]
