from django.urls import path

from cyberins.healthchecks import views

app_name = "healthchecks"
urlpatterns = [
    path("", views.health_check_list, name="list"),
    path("start/", views.start, name="start"),
    path("assets/", views.assets, name="assets"),
    path("assets/authorise/", views.authorise, name="authorise"),
    path("assets/<int:asset_id>/retire/", views.asset_retire, name="asset_retire"),
    path("authorisations/<int:authorisation_id>/revoke/", views.authorisation_revoke, name="revoke"),
    path("<int:check_id>/", views.detail, name="detail"),
    path("<int:check_id>/live/", views.live, name="live"),
    path("<int:check_id>/report.pdf", views.report, name="report"),
    path("<int:check_id>/notify/", views.notify, name="notify"),
    path("findings/<int:finding_id>/verify/", views.verify_fix, name="verify_fix"),
    path("remediation/", views.items, name="items"),
    path("remediation/<int:item_id>/fixed/", views.item_fixed, name="item_fixed"),
]
