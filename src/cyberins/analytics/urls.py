from django.urls import path

from cyberins.analytics import loss_ratio_views, views

app_name = "analytics"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("loss-ratio/", loss_ratio_views.loss_ratio, name="loss_ratio"),
]
