from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("schools/search/", views.school_search, name="school-search"),
]
