"""Timestamps read from PostgreSQL by psycopg's C loader.

Django reads every timestamptz with a loader of its own, written in Python over
psycopg's Python one, so that each value comes back in the connection's time
zone. Where that zone is UTC, as it is by default, and the database session's
is too (Django sets it), psycopg's C loader gives the very same value: aware,
with datetime.UTC. On PostgreSQL the article page reads the dates of
its 200 comments in a tenth of the time.
"""

from datetime import UTC

import psycopg
from psycopg.adapt import Loader
from psycopg.pq import Format

TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid
# psycopg's own default: its C loader where psycopg-binary or psycopg-c is
# installed, its Python one otherwise.
DEFAULT_LOADER = psycopg.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)


class UTCTimestampLoader(Loader):
    # Django compares this with the connection's zone on every new cursor,
    # and registers its own loader on the cursor where they differ.
    timezone = UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        # psycopg calls the loader's `load` once per value: this way it is
        # the C loader's own, with no Python call in between.
        self.load = DEFAULT_LOADER(oid, context).load

    def load(self, data):  # replaced in __init__; Loader requires one
        raise NotImplementedError


def read_timestamps_in_c(sender, connection, **kwargs):
    """On a new PostgreSQL connection (connection_created), read timestamps
    with psycopg's C loader when that gives what Django's loader would."""
    if connection.vendor != "postgresql" or psycopg.pq.__impl__ == "python":
        return
    if connection.timezone is not UTC:
        return
    psycopg_connection = connection.connection
    if psycopg_connection.info.parameter_status("TimeZone") != "UTC":
        return
    psycopg_connection.adapters.register_loader(TIMESTAMPTZ, UTCTimestampLoader)
