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
