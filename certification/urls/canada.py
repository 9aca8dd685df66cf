from django.urls import path

from ..views import canada as views

urlpatterns = [
    path("mcc/", views.mcc_exams, name="mcc-exams"),
    path("mcc/add/", views.mcc_exam_add, name="mcc-exam-add"),
    path("mcc/<int:pk>/", views.mcc_exam_edit, name="mcc-exam-edit"),
    path("mcc/<int:pk>/delete/", views.mcc_exam_delete, name="mcc-exam-delete"),
]
