from django.contrib import admin
from django.urls import include, path

from cyberins.api.root import api

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cyberins.web.urls")),
]
