from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from cyberins.web import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard", permanent=False), name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<str:role>/", views.role_dashboard, name="role_dashboard"),
    path("organisation/", views.my_organisation, name="my_organisation"),
    path("organisations/<int:org_id>/", views.organisation, name="organisation"),
    path("organisations/<int:org_id>/edit/", views.organisation_edit, name="organisation_edit"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("audit/", views.audit, name="audit"),
    path("healthchecks/", include("cyberins.healthchecks.urls")),
    path("products/", include("cyberins.products.urls")),
    path("applications/", include("cyberins.underwriting.urls")),
    path("policies/", include("cyberins.policies.urls")),
    path("providers/", include("cyberins.providers.urls")),
    path("analytics/", include("cyberins.analytics.urls")),
    path("incidents/", include("cyberins.incidents.urls")),
    path("claims/", include("cyberins.claims.urls")),
]
