"""Uploads on S3-compatible storage, against a local S3 server (moto's server
mode), configured through the environment as an operator would."""

import json
import re
import subprocess
import sys
import urllib.request

import pytest

from tests.factories import make_article, make_image_file

from .servers import BIN, ROOT, free_port, production_env, running

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-pictures"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-access-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret-key",
}

PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with running(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        env=production_env(),
        ready_url=url,
        log=log,
    ):
        yield url


def storages_for(env: dict) -> dict:
    """settings.STORAGES as the site builds it from this environment."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps(settings.STORAGES))",
        ],
        cwd=ROOT,
        env=production_env(DJANGO_SETTINGS_MODULE="newsroom.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def s3_site(s3_endpoint):
    """The bucket, made once, and the storages the site builds for it."""
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-1",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    s3.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    # The URLs are unsigned: the operator lets anyone read the pictures.
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    storages = storages_for(
        {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": "eu-west-1",
        }
    )
    return s3, storages


@pytest.fixture
def bucket(s3_site, settings, monkeypatch):
    """Uploads go to the bucket, with the credentials boto3 reads from the
    environment."""
    s3, storages = s3_site
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    # Only the uploads: static files stay as the suite serves them.
    settings.STORAGES = settings.STORAGES | {"default": storages["default"]}
    return s3


class S3MediaTests:
    def test_the_environment_selects_s3_for_uploads(self, s3_site):
        default = s3_site[1]["default"]
        assert default["BACKEND"] == "storages.backends.s3.S3Storage"
        assert default["OPTIONS"]["bucket_name"] == BUCKET

    def test_a_featured_picture_is_stored_in_the_bucket_and_shown_from_it(
        self, bucket, s3_endpoint, client
    ):
        picture = make_image_file(colour="navy")
        uploaded = picture.read()
        picture.seek(0)
        article = make_article(image=picture, image_alt="Boats in the bay")

        page = client.get(article.get_absolute_url()).content.decode()
        src = re.search(r'<img src="([^"]+)" alt="Boats in the bay"', page).group(1)
        assert src.startswith(f"{s3_endpoint}/{BUCKET}/articles/")
        key = src.removeprefix(f"{s3_endpoint}/{BUCKET}/")
        stored = bucket.get_object(Bucket=BUCKET, Key=key)
        assert stored["Body"].read() == uploaded
        assert stored["CacheControl"] == "public, max-age=31536000"
        with urllib.request.urlopen(src, timeout=10) as public:
            assert public.read() == uploaded
