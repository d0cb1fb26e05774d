"""A production deployment for the tests that start real app servers: its own
PostgreSQL database and Redis keys, collected static files, a media folder,
and a stand-in for reCAPTCHA's siteverify."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.siteverify import siteverify_double

from .servers import gunicorn, manage, postgres_database, production_env, redis_prefix

EDITOR_PASSWORD = "a-long-editor-passphrase"


@dataclass
class Deployment:
    env: dict
    folder: Path
    # What the siteverify stand-in answered, in order: True for a pass.
    captcha_answers: list

    def shell(self, code: str) -> str:
        """Run Python against the deployment's database; its last printed line."""
        return manage(self.env, "shell", "-c", code).strip().splitlines()[-1]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployment")
    secret = "production-secret-key"
    with (
        postgres_database() as database_url,
        redis_prefix() as (redis_url, prefix),
        siteverify_double(folder, secret) as captcha,
    ):
        env = production_env(
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            REDIS_KEY_PREFIX=prefix,
            STATIC_ROOT=str(folder / "static"),
            MEDIA_ROOT=str(folder / "media"),
            RECAPTCHA_PRIVATE_KEY=secret,
            RECAPTCHA_DOMAIN=captcha.domain,
            SSL_CERT_FILE=captcha.cert_file,
        )
        manage(env, "migrate", "--no-input")
        manage(env, "collectstatic", "--no-input", "-v0")
        manage(
            env | {"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD},
            "createsuperuser",
            "--no-input",
            "--username=editor",
            "--email=editor@example.org",
        )
        yield Deployment(env, folder, captcha.answers)


@pytest.fixture(scope="module")
def server(deployment):
    """One app server of the deployment; its base URL."""
    with gunicorn(deployment.env, deployment.folder / "server-a.log") as url:
        yield url


@pytest.fixture(scope="module")
def second_server(deployment, server):
    """Another app server, sharing only the database, Redis and the media folder."""
    with gunicorn(deployment.env, deployment.folder / "server-b.log") as url:
        yield url
