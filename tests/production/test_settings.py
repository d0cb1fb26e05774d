"""The production configuration as an operator meets it: `manage.py check
--deploy`, settings from the environment, and gunicorn's settings."""

import json
import secrets
import subprocess
import sys

import pytest

from .servers import BIN, ROOT, production_env


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


def load_settings(*names, **env):
    """These settings, as the site builds them from this environment."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"values = [getattr(settings, n) for n in {list(names)!r}]; "
        "print(json.dumps(values, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE="newsroom.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


class ProductionSettingsTests:
    def test_uploads_need_a_folder_of_their_own_when_the_site_serves_them(self):
        result = load_settings("MEDIA_URL", MEDIA_URL="https://media.example.org/")
        assert result.returncode != 0
        assert "MEDIA_URL needs a path" in result.stderr

    def test_a_media_domain_without_a_folder_is_fine_when_another_server_serves_it(
        self,
    ):
        result = load_settings(
            "NEWSROOM_SERVE_MEDIA",
            MEDIA_URL="https://media.example.org/",
            SERVE_MEDIA="false",
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[-1] == "[false]"

    def test_another_recaptcha_domain_is_the_one_the_policy_allows(self):
        result = load_settings(
            "CONTENT_SECURITY_POLICY", RECAPTCHA_DOMAIN="www.recaptcha.net"
        )
        assert result.returncode == 0, result.stderr
        (policy,) = json.loads(result.stdout.splitlines()[-1])
        scripts = policy["DIRECTIVES"]["script-src"]
        assert "https://www.recaptcha.net/recaptcha/" in scripts
        assert "https://www.google.com/recaptcha/" not in scripts


class DatabaseSettingsTests:
    def test_postgresql_statements_are_prepared(self):
        result = load_settings(
            "DATABASES", DATABASE_URL="postgres://newsroom@db.example.org/newsroom"
        )
        assert result.returncode == 0, result.stderr
        (databases,) = json.loads(result.stdout.splitlines()[-1])
        assert databases["default"]["OPTIONS"] == {
            "server_side_binding": True,
            "prepare_threshold": 5,
        }

    def test_prepared_statements_can_be_turned_off_for_a_pooler(self):
        result = load_settings(
            "DATABASES",
            DATABASE_URL="postgres://newsroom@db.example.org/newsroom",
            DATABASE_PREPARED_STATEMENTS="false",
        )
        assert result.returncode == 0, result.stderr
        (databases,) = json.loads(result.stdout.splitlines()[-1])
        assert databases["default"]["OPTIONS"] == {}

    def test_sqlite_gets_no_postgresql_options(self):
        result = load_settings("DATABASES", DATABASE_URL="sqlite:///newsroom.db")
        assert result.returncode == 0, result.stderr
        (databases,) = json.loads(result.stdout.splitlines()[-1])
        assert "server_side_binding" not in databases["default"].get("OPTIONS", {})


def gunicorn_config(**env) -> dict:
    """gunicorn's settings as it resolves them from gunicorn.conf.py."""
    site_env = {
        name: value
        for name, value in production_env().items()
        if name not in {"PROXY_COUNT", "WEB_CONCURRENCY"}
    }
    result = subprocess.run(
        [BIN / "gunicorn", "newsroom.wsgi", "--print-config"],
        cwd=ROOT,
        env=site_env | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # Lines of "name = value", after the site's own log lines.
    pairs = (line.split(" = ", 1) for line in result.stdout.splitlines())
    return {pair[0].strip(): pair[1] for pair in pairs if len(pair) == 2}


class GunicornConfigTests:
    def test_defaults_to_two_workers_on_the_local_port_8000(self):
        config = gunicorn_config()
        assert config["bind"] == "['127.0.0.1:8000']"
        assert config["workers"] == "2"
        assert config["forwarded_allow_ips"] == "['127.0.0.1', '::1']"

    def test_port_and_workers_come_from_the_environment(self):
        config = gunicorn_config(PORT="9001", WEB_CONCURRENCY="5")
        assert config["bind"] == "['127.0.0.1:9001']"
        assert config["workers"] == "5"

    def test_bind_names_any_address(self):
        assert gunicorn_config(BIND="0.0.0.0:80")["bind"] == "['0.0.0.0:80']"

    def test_behind_proxies_their_forwarded_headers_are_trusted(self):
        assert gunicorn_config(PROXY_COUNT="1")["forwarded_allow_ips"] == "['*']"
        config = gunicorn_config(PROXY_COUNT="1", FORWARDED_ALLOW_IPS="10.0.0.2")
        assert config["forwarded_allow_ips"] == "['10.0.0.2']"

    def test_the_access_log_can_be_left_to_the_proxy(self):
        assert (
            "'gunicorn.access': {'level': 'INFO'" in gunicorn_config()["logconfig_dict"]
        )
        config = gunicorn_config(ACCESS_LOG="false")
        assert "'gunicorn.access': {'level': 'WARNING'" in config["logconfig_dict"]


# Run in a fresh interpreter: how many more bytes glibc holds in blocks mapped
# apart from its heap while three page-sized blocks are alive, after the
# worker's start-up hook has run or not.
MAPPED_BYTES = """
import ctypes, ctypes.util, runpy, sys

class MallInfo(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
    ).split()]

libc = ctypes.CDLL(ctypes.util.find_library("c"))
if not hasattr(libc, "mallinfo2"):
    print("unsupported")
    sys.exit()
libc.mallinfo2.restype = MallInfo
if sys.argv[1] == "hook":
    runpy.run_path("gunicorn.conf.py")["keep_freed_memory"]()
before = libc.mallinfo2().hblkhd
pages = [bytes(300_000) for _ in range(3)]
print(libc.mallinfo2().hblkhd - before)
"""


def mapped_bytes(mode, **env):
    result = subprocess.run(
        [sys.executable, "-c", MAPPED_BYTES, mode],
        cwd=ROOT,
        env=production_env() | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-1]


class WorkerMemoryTests:
    def test_a_worker_builds_pages_on_its_heap(self):
        before = mapped_bytes("plain")
        if before == "unsupported":
            pytest.skip("glibc's allocator only")
        # Without the hook, each block of a page's size is mapped apart and
        # unmapped again when freed.
        assert int(before) >= 3 * 300_000
        assert int(mapped_bytes("hook")) < 300_000

    def test_the_operators_own_allocator_settings_stand(self):
        if mapped_bytes("plain") == "unsupported":
            pytest.skip("glibc's allocator only")
        mapped = mapped_bytes("hook", MALLOC_MMAP_THRESHOLD_="131072")
        assert int(mapped) >= 3 * 300_000
