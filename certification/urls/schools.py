from django.urls import path

from ..views import schools

urlpatterns = [
    path("schools/search/", schools.school_search, name="school-search"),
]
