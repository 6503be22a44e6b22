"""`make demo` shows the URL and logins, not every demo notification email (issue 12 #32)."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

# Transactional: the notifications are sent after each commit, as in `make demo`.
pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(
    MAILERS={"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
)
def test_loading_the_demo_prints_the_logins_and_no_mail_bodies(tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", products=8, stdout=out)  # a small catalogue: the output is the point
    printed = out.getvalue() + capsys.readouterr().out
    assert "Demo logins" in printed
    assert "Subject:" not in printed and "Content-Type:" not in printed
    # After loading, the configured backend is back: mail sent while serving still shows.
    mail.send_mail("s", "b", None, ["x@example.com"])
    assert "Subject: s" in capsys.readouterr().out
