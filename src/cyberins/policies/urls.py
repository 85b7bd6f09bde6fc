from django.urls import path

from cyberins.policies import payment_views, servicing_views, views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("<int:policy_id>/", views.detail, name="detail"),
    path("<int:policy_id>/schedule.pdf", views.schedule_pdf, name="schedule_pdf"),
    path("<int:policy_id>/instalments/<int:sequence>/pay/", views.pay, name="pay"),
    path(
        "<int:policy_id>/instalments/<int:sequence>/payments/", payment_views.declare, name="declare_payment"
    ),
    path("payments/<int:payment_id>/decision/", payment_views.decide, name="decide_payment"),
    path("payments/<int:payment_id>/receipt/", payment_views.receipt, name="receipt"),
    path("payments/<int:payment_id>/receipt.pdf", payment_views.receipt_pdf, name="receipt_pdf"),
    path("<int:policy_id>/endorse/", servicing_views.endorse, name="endorse"),
    path("<int:policy_id>/cancel/", servicing_views.cancel, name="cancel"),
    path("<int:policy_id>/renew/", servicing_views.renew, name="renew"),
    path("bind/<int:quote_id>/", views.bind, name="bind"),
    path("service-orders/<int:order_id>/vendor/", views.propose_vendor, name="propose_vendor"),
    path("vendor-proposals/<int:proposal_id>/decision/", views.decide_vendor, name="decide_vendor"),
    path(
        "engagements/<int:engagement_id>/health-check/",
        views.run_engagement_check,
        name="engagement_check",
    ),
]
