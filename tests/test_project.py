"""The project as an operator and a contributor meet it: settings, migrations, lint."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    environ = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.RECAPTCHA_PUBLIC_KEY, settings.DEBUG)",
        ],
        cwd=ROOT,
        env=environ | env,
        capture_output=True,
        text=True,
    )


class SettingsTests:
    def test_production_refuses_to_start_without_a_secret_key(self):
        result = load_settings(DEBUG="false")
        assert result.returncode != 0
        assert "SECRET_KEY is not set" in result.stderr

    def test_production_refuses_to_start_without_recaptcha_keys(self):
        result = load_settings(DEBUG="false", SECRET_KEY="x" * 50)
        assert result.returncode != 0
        assert "RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY" in result.stderr

    def test_production_starts_with_its_keys(self):
        result = load_settings(
            DEBUG="false",
            SECRET_KEY="x" * 50,
            RECAPTCHA_PUBLIC_KEY="site-key",
            RECAPTCHA_PRIVATE_KEY="secret-key",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1].split() == ["site-key", "False"]

    @pytest.mark.parametrize(
        "name, value, message",
        [
            ("COMMENTS_MODERATION", "some", "COMMENTS_MODERATION must be all, first"),
            ("RECAPTCHA_VERSION", "4", "RECAPTCHA_VERSION must be 2 or 3"),
            ("RECAPTCHA_UNAVAILABLE", "drop", "RECAPTCHA_UNAVAILABLE must be hold"),
        ],
    )
    def test_a_misspelt_comment_setting_stops_the_start(self, name, value, message):
        result = load_settings(DEBUG="true", **{name: value})
        assert result.returncode != 0
        assert message in result.stderr

    def test_mail_goes_to_the_smtp_server_named_by_email_url(self):
        environ = {"DEBUG": "false", "SECRET_KEY": "x" * 50}
        environ |= {"RECAPTCHA_PUBLIC_KEY": "k", "RECAPTCHA_PRIVATE_KEY": "k"}
        environ["EMAIL_URL"] = "smtp+tls://editor:secret@mail.example.org:587"
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); from django.conf import settings as s;"
                "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)",
            ],
            cwd=ROOT,
            env={
                "PATH": os.environ["PATH"],
                "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            }
            | environ,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[-4:] == [
            "django.core.mail.backends.smtp.EmailBackend",
            "mail.example.org",
            "587",
            "True",
        ]

    def test_demo_runs_on_googles_test_keys(self):
        result = load_settings(DEBUG="true")
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1].split() == [
            "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
            "True",
        ]


class CodebaseTests:
    @pytest.mark.django_db
    def test_every_model_change_has_a_migration(self):
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)

    def test_ruff_lint_is_clean(self):
        result = subprocess.run(
            [BIN / "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout

    def test_ruff_format_is_clean(self):
        result = subprocess.run(
            [BIN / "ruff", "format", "--check", "."],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout

    @pytest.mark.django_db
    def test_system_checks_pass(self):
        call_command("check", fail_level="WARNING")
