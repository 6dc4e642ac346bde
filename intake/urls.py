from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("<slug:code>/upload", views.upload, name="upload"),
    path("api/<slug:code>/documents", views.api_documents, name="api_documents"),
    path("api/<slug:code>/cases/<int:case_id>", views.api_case_status, name="api_case_status"),
]
