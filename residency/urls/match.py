from django.urls import path

from ..views import match as views

urlpatterns = [
    path("match/", views.match, name="match"),
    path("match/registration/", views.registration, name="registration"),
    path("match/applications/", views.applications, name="applications"),
    path("match/applications/add/", views.application_add, name="application-add"),
    path("match/applications/<int:pk>/", views.application_edit, name="application-edit"),
    path("match/applications/<int:pk>/delete/", views.application_delete,
         name="application-delete"),
    path("match/what-if/", views.what_if, name="what-if"),
]
