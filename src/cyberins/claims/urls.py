from django.urls import path

from cyberins.claims import views

app_name = "claims"
urlpatterns = [
    path("", views.claim_list, name="list"),
    path("open/", views.open_claim, name="open"),
    path("<int:claim_id>/", views.detail, name="detail"),
    path("<int:claim_id>/action/", views.action, name="action"),
    path("<int:claim_id>/letter.pdf", views.document_pdf, {"kind": "letter"}, name="letter"),
    path("<int:claim_id>/adjustment-report.pdf", views.document_pdf, {"kind": "report"}, name="report"),
]
