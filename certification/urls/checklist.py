from django.urls import path

from ..views import checklist

urlpatterns = [
    path("", checklist.checklist, name="checklist"),
]
