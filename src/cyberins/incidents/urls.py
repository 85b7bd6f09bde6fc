from django.urls import include, path

from cyberins.incidents import views, views_work

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("report/", views.report, name="report"),
    path("calls/", views.register_call, name="call"),
    path("<int:incident_id>/", views.detail, name="detail"),
    path("<int:incident_id>/action/", views.action, name="action"),
    path("<int:incident_id>/work/", views_work.work, name="work"),
    path("<int:incident_id>/evidence/<int:evidence_id>/", views_work.evidence_detail, name="evidence"),
    path(
        "<int:incident_id>/evidence/<int:evidence_id>/action/",
        views_work.evidence_action,
        name="evidence_action",
    ),
    path("<int:incident_id>/response-report.pdf", views_work.response_report_pdf, name="response_report"),
    path("", include("cyberins.incidents.report_urls")),
]
