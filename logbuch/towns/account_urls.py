from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import EmailAuthenticationForm, KernPasswordResetForm, KernSetPasswordForm
from .views import account

app_name = "accounts"

urlpatterns = [
    path(
        "anmelden/",
        auth_views.LoginView.as_view(
            template_name="towns/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("", account.profile, name="profile"),
    path("weiter/", account.after_login, name="after_login"),
    path("passwort/", account.KernPasswordChangeView.as_view(), name="password_change"),
    path(
        "passwort/gespeichert/",
        auth_views.PasswordChangeDoneView.as_view(template_name="towns/password_change_done.html"),
        name="password_change_done",
    ),
    path("meine-daten/", account.data_export, name="data_export"),
    path("loeschen/", account.account_delete, name="account_delete"),
    path(
        "passwort-vergessen/",
        auth_views.PasswordResetView.as_view(
            template_name="towns/password_reset.html",
            email_template_name="towns/email/password_reset.txt",
            subject_template_name="towns/email/password_reset_subject.txt",
            form_class=KernPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "passwort-vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(template_name="towns/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="towns/password_reset.html",
            form_class=KernSetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="towns/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
