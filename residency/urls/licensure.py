from django.urls import path

from ..views import licensure as views

urlpatterns = [
    path("licensure/", views.licensure, name="licensure"),
]
