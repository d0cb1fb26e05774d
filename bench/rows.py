"""Bulk writes that bypass the ORM: COPY on PostgreSQL, INSERTs elsewhere."""

from datetime import datetime
from itertools import islice

INSERT_CHUNK = 2000


def write_rows(connection, model, fields, rows):
    """Write `rows` (tuples in the order of `fields`) into `model`'s table."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(model._meta.get_field(name).column) for name in fields
    )
    if connection.vendor == "postgresql":
        _copy(connection, f"COPY {table} ({columns}) FROM STDIN", rows)
    else:
        marks = ", ".join(["%s"] * len(fields))
        _insert(connection, f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _copy(connection, sql, rows):
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _insert(connection, sql, rows):
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, INSERT_CHUNK)):
            cursor.executemany(sql, [_adapted(connection, row) for row in chunk])


def _adapted(connection, row):
    return tuple(
        connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, datetime)
        else value
        for value in row
    )
