"""The benchmark's own PostgreSQL databases: created, migrated and seeded once,
then reused while they hold the scale asked for."""

import time

import psycopg
from django.core.management import call_command
from django.db import OperationalError, connections

from .seed import Scale, Seeded, seed

# Bump when the seeder changes what it writes, so old databases are re-seeded.
SEED_VERSION = 1
MARKER_TABLE = "bench_seed"


def prepare(alias: str, scale: Scale, *, reseed=False) -> Seeded:
    """A migrated database of `scale` behind `alias`, seeding it if needed
    (or when `reseed` asks for a fresh one)."""
    name = connections[alias].settings_dict["NAME"]
    seeded = None if reseed else recorded_seed(alias, scale)
    if seeded:
        print(f"Reusing {name}: {scale.label}.")
        _migrate(alias)
        _vacuum_analyze(alias)
        return seeded
    print(f"Seeding {name}: {scale.label}.")
    started = time.monotonic()
    _recreate(alias)
    _migrate(alias)
    seeded = seed(scale, using=alias)
    _record(alias, scale, seeded)
    _vacuum_analyze(alias)
    print(f"Seeded, indexed and analysed in {time.monotonic() - started:.0f} s.")
    return seeded


def size(alias: str) -> str:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


def _label(scale):
    return f"v{SEED_VERSION}: {scale.label}"


def recorded_seed(alias: str, scale: Scale) -> Seeded | None:
    """What a finished earlier seeding of this scale left, or None."""
    connection = connections[alias]
    try:
        connection.ensure_connection()
    except OperationalError:  # no database yet
        return None
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scale, article, section, tag FROM {MARKER_TABLE}")
        row = cursor.fetchone()
    if not row or row[0] != _label(scale):
        return None
    return Seeded(article=row[1], section=row[2], tag=row[3])


def _record(alias, scale, seeded):
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {MARKER_TABLE} (scale text, article text, section text, "
            "tag text, seeded_at timestamptz DEFAULT now())"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (scale, article, section, tag) "
            "VALUES (%s, %s, %s, %s)",
            [_label(scale), seeded.article, seeded.section, seeded.tag],
        )


def _recreate(alias):
    """Drop and create the database; only ever one named for the benchmark."""
    connection = connections[alias]
    params = connection.settings_dict
    name = params["NAME"]
    if "bench" not in name:
        raise RuntimeError(f"Refusing to drop {name!r}: not a benchmark database.")
    connection.close()
    maintenance = psycopg.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    )
    with maintenance:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.execute(f'CREATE DATABASE "{name}"')


def _migrate(alias):
    # Every run: migrations added since the seeding (new indexes) apply too.
    call_command("migrate", database=alias, interactive=False, verbosity=0)
    call_command("createcachetable", database=alias, verbosity=0)


def _vacuum_analyze(alias):
    # Fresh statistics and visibility maps, as autovacuum keeps them on a
    # site that has been running for a while.
    with connections[alias].cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
