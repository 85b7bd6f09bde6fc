from django.urls import path

from cyberins.underwriting import views

app_name = "underwriting"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("apply/<int:version_id>/", views.apply, name="apply"),
    path("<int:application_id>/", views.detail, name="detail"),
    path("<int:application_id>/edit/", views.apply, {"version_id": 0}, name="edit"),
    path("<int:application_id>/requote/", views.requote, name="requote"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/<int:application_id>/", views.review, name="review"),
    path("pricing/<int:version_id>/", views.sample_pricing, name="sample_pricing"),
    path("quotes/<int:quote_id>/quote.pdf", views.quote_pdf, name="quote_pdf"),
]
