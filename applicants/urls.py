from django.urls import path

from . import help, views
from .reminders import views as reminders
from .sharing import views as sharing

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
    path("me/sharing/", sharing.sharing, name="sharing"),
    path("me/sharing/<int:pk>/stop/", sharing.sharing_revoke, name="sharing-revoke"),
    path("me/records-access/", sharing.records_access, name="records-access"),
    path("invitations/<str:code>/", sharing.invitation, name="invitation"),
    path("advisor/", views.advisor_home, name="advisor-home"),
    path("advisor/team/", sharing.team, name="team"),
    path("advisor/team/invitations/<int:pk>/withdraw/", sharing.invitation_withdraw,
         name="invitation-withdraw"),
    path("help/", help.help_index, name="help-index"),
    path("help/<slug:slug>/", help.help_page, name="help-page"),
]
