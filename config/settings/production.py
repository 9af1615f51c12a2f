"""Production: PostgreSQL via DATABASE_URL, HTTPS only, strict cookies, HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
# A live site must send mail: EMAIL_URL is required (no console fallback).
MAILERS = mailers_from_email_url(env.email_url("EMAIL_URL"))
# Sessions and the shared cache live in Redis; without it app servers could not share them.
REDIS_URL = env.str("REDIS_URL")
if not REDIS_URL:
    raise ImproperlyConfigured("Set REDIS_URL (e.g. redis://127.0.0.1:6379/0).")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING["root"]["level"] = LOGGING["loggers"]["django"]["level"] = LOG_LEVEL
