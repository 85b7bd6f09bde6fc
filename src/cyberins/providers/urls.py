from django.urls import path

from cyberins.providers import views

app_name = "providers"
urlpatterns = [
    path("", views.manager, name="manager"),
    path("my-orders/", views.engineer, name="engineer"),
    path("orders/", views.orders, name="orders"),
    path("network/", views.network_view, name="network"),
    path("engagements/<int:engagement_id>/", views.engagement_detail, name="engagement"),
    path("engagements/<int:engagement_id>/act/", views.engagement_action, name="engagement_action"),
    path("engagements/<int:engagement_id>/report.pdf", views.report, name="report"),
    path("offers/<int:offer_id>/answer/", views.answer_offer, name="answer_offer"),
    path("price-book/", views.set_price, name="set_price"),
    path("profile/", views.update_profile, name="update_profile"),
    path("certifications/", views.add_certification, name="add_certification"),
]
