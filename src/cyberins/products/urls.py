from django.urls import path

from cyberins.products import edit_views, views

app_name = "products"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("releases/", views.releases, name="releases"),
    path("releases/<int:version_id>/", views.transition, name="transition"),
    path("versions/<int:version_id>/", views.version, name="version"),
    path("versions/<int:version_id>/edit/<slug:section>/", edit_views.edit, name="edit"),
]
