from django.urls import path

from cyberins.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
]
