"""Production settings: ``check --deploy`` is clean and the cookie/TLS flags are on.

Runs in a subprocess with the environment of a production install (DEBUG off, a real
SECRET_KEY, a real ALLOWED_HOSTS, no SITEOPS_TESTING), because settings are read once per process.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
print(json.dumps({k: getattr(s, k) for k in [
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS",
    "SECURE_PROXY_SSL_HEADER", "PASSWORD_HASHERS", "ALLOWED_HOSTS"]}))
"""


def production_env(tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITEOPS_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "shop.example.com",
            "SITEOPS_VAR_DIR": str(tmp_path),
            # Production sends real mail; the console default is refused by check --deploy
            # (mail.E001), so a production install must name its backend.
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            **extra,
        }
    )
    env.pop("DATABASE_URL", None)
    return env


def run_probe(env):
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_and_production_flags_are_on(tmp_path):
    result = run_probe(production_env(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    flags = json.loads(result.stdout.strip().splitlines()[-1])
    assert flags["DEBUG"] is False
    assert flags["SESSION_COOKIE_SECURE"] and flags["CSRF_COOKIE_SECURE"]
    assert flags["SESSION_COOKIE_HTTPONLY"] and flags["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert flags["SECURE_SSL_REDIRECT"] and flags["SECURE_HSTS_SECONDS"] >= 31536000
    assert flags["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and flags["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert flags["X_FRAME_OPTIONS"] == "DENY"
    assert flags["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert flags["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    assert flags["ALLOWED_HOSTS"] == ["shop.example.com"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run_probe(env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_weak_secret_key_fails_the_deploy_check(tmp_path):
    result = run_probe(production_env(tmp_path, SECRET_KEY="django-insecure-short"))
    assert result.returncode != 0
    assert "security.W009" in result.stderr
