from django.urls import include, path

from cyberins.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("report/", views.report, name="report"),
    path("calls/", views.register_call, name="call"),
    path("<int:incident_id>/", views.detail, name="detail"),
    path("<int:incident_id>/action/", views.action, name="action"),
    path("", include("cyberins.incidents.report_urls")),
]
