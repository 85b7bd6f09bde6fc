from django.urls import path

from cyberins.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("<int:policy_id>/", views.detail, name="detail"),
    path("<int:policy_id>/schedule.pdf", views.schedule_pdf, name="schedule_pdf"),
    path("<int:policy_id>/instalments/<int:sequence>/pay/", views.pay, name="pay"),
    path("bind/<int:quote_id>/", views.bind, name="bind"),
    path("service-orders/<int:order_id>/vendor/", views.propose_vendor, name="propose_vendor"),
    path("vendor-proposals/<int:proposal_id>/decision/", views.decide_vendor, name="decide_vendor"),
    path(
        "engagements/<int:engagement_id>/health-check/",
        views.run_engagement_check,
        name="engagement_check",
    ),
]
