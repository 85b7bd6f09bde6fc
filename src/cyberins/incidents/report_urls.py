"""URLs of the incident reports and the SLA board (included in ``incidents/urls.py``)."""

from django.urls import path

from cyberins.incidents import report_views

urlpatterns = [
    path("board/", report_views.sla_board, name="board"),
    path("<int:incident_id>/summary.pdf", report_views.summary_pdf, name="summary_pdf"),
    path("<int:incident_id>/handling-report.pdf", report_views.handling_report_pdf, name="handling_report"),
    path("<int:incident_id>/veris.json", report_views.veris, name="veris"),
    path("<int:incident_id>/stix.json", report_views.stix, name="stix"),
]
