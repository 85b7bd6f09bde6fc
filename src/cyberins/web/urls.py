from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from cyberins.web import registration, views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard", permanent=False), name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="web/password_reset.html",
            email_template_name="web/password_reset_email.txt",
            subject_template_name="web/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="web/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="web/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("register/", registration.register, name="register"),
    path("register/verify/<str:token>/", registration.verify_email, name="verify_email"),
    path("registrations/", registration.registrations, name="registrations"),
    path("registrations/<int:registration_id>/decide/", registration.decide, name="registration_decide"),
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
    path("notifications/", include("cyberins.notifications.urls")),
    path("claims/", include("cyberins.claims.urls")),
]
