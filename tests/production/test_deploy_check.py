"""`manage.py check --deploy` as an operator runs it before going live."""

import secrets
import subprocess
import sys

from .servers import ROOT, production_env


def deploy_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level=WARNING"],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


class DeployCheckTests:
    def test_production_settings_pass_with_no_warnings(self):
        result = deploy_check(
            ALLOWED_HOSTS="news.example.org",
            CSRF_TRUSTED_ORIGINS="https://news.example.org",
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout
        assert "WARNING" not in result.stderr

    def test_a_weak_secret_key_is_reported(self):
        result = deploy_check(SECRET_KEY="short")
        assert result.returncode != 0
        assert "security.W009" in result.stderr

    def test_turning_off_https_redirect_is_reported(self):
        result = deploy_check(
            SECRET_KEY=secrets.token_urlsafe(60), SECURE_SSL_REDIRECT="false"
        )
        assert result.returncode != 0
        assert "security.W008" in result.stderr
