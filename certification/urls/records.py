from django.urls import path

from ..views import records as views

urlpatterns = [
    path("ecfmg/", views.ecfmg, name="ecfmg"),
    path("exams/", views.exams, name="exams"),
    path("exams/add/", views.exam_add, name="exam-add"),
    path("exams/<int:pk>/", views.exam_edit, name="exam-edit"),
    path("exams/<int:pk>/delete/", views.exam_delete, name="exam-delete"),
    path("oet/", views.oet, name="oet"),
    path("oet/add/", views.oet_add, name="oet-add"),
    path("oet/<int:pk>/", views.oet_edit, name="oet-edit"),
    path("oet/<int:pk>/delete/", views.oet_delete, name="oet-delete"),
    path("pathways/", views.pathways, name="pathways"),
    path("pathways/add/", views.pathway_add, name="pathway-add"),
    path("pathways/<int:pk>/", views.pathway_edit, name="pathway-edit"),
    path("pathways/<int:pk>/delete/", views.pathway_delete, name="pathway-delete"),
]
