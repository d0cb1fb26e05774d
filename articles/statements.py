"""Queries built and compiled once per shape, then run with new values.

Building a ranked query with the ORM and compiling it cost more than twice
what the database took to run it, on every request, for SQL that differed
only in its values. A CompiledOnce builds its query with stand-ins for the
values, compiles it, notes where each stand-in went among the parameters,
and from then on runs that SQL with the real values put in their places.
"""

from datetime import UTC, datetime, timedelta

from django.db import connections

# Never a real id, and within every database's integer range (a value outside
# it compiles to no condition at all).
FIRST_STAND_IN_ID = -610_431_207
# Never a real moment; each datetime stand-in is a microsecond apart.
STAND_IN_TIME = datetime(1901, 2, 3, 4, 5, 6, 100_000, tzinfo=UTC)


class CompiledOnce:
    """The SQL of `build(*shape, **values)`, compiled once per database,
    shape and number of values in each list.

    `values` are ints, datetimes, or lists of ints: what ends up among the
    query's parameters. `shape` is what changes the SQL itself (a LIMIT, say).
    A query whose stand-ins cannot all be found among its parameters (one the
    ORM turned into something else) is built and compiled every time instead:
    slower, never wrong.

    Rows come back as the database driver gives them, without the ORM's
    conversions (SQLite gives dates as text): fit for ids and numbers.
    """

    def __init__(self, build):
        self.build = build
        self.compiled = {}

    def rows(self, using, shape=(), **values):
        connection = connections[using]
        sql, params = self.sql(connection, shape, values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def sql(self, connection, shape, values):
        key = (connection.alias, tuple(shape), _layout(values))
        if key not in self.compiled:
            self.compiled[key] = self._compile(connection, shape, values)
        found = self.compiled[key]
        if found is None:
            query = self.build(*shape, **values).query
            return query.get_compiler(connection=connection).as_sql()
        sql, params, slots = found
        params = list(params)
        for index, (name, position) in slots:
            value = values[name] if position is None else values[name][position]
            params[index] = _adapted(connection, value)
        return sql, params

    def _compile(self, connection, shape, values):
        stand_ins, where = _stand_ins(connection, values)
        query = self.build(*shape, **stand_ins).query
        sql, params = query.get_compiler(connection=connection).as_sql()
        slots = [
            (index, where[param])
            for index, param in enumerate(params)
            if _hashable(param) and param in where
        ]
        if {place for _, place in slots} != set(where.values()):
            return None
        return sql, tuple(params), slots


def _layout(values):
    return tuple(
        (name, len(value) if isinstance(value, list | tuple) else None)
        for name, value in sorted(values.items())
    )


def _stand_ins(connection, values):
    """({name: stand-in}, {stand-in as it is sent: (name, position)})."""
    stand_ins, where = {}, {}
    ids = iter(range(FIRST_STAND_IN_ID, FIRST_STAND_IN_ID - 1_000_000, -1))
    moments = (STAND_IN_TIME + timedelta(microseconds=n) for n in range(1_000_000))
    for name, value in sorted(values.items()):
        if isinstance(value, list | tuple):
            stand_ins[name] = [next(ids) for _ in value]
            for position, stand_in in enumerate(stand_ins[name]):
                where[stand_in] = (name, position)
        else:
            stand_in = next(moments) if isinstance(value, datetime) else next(ids)
            stand_ins[name] = stand_in
            where[_adapted(connection, stand_in)] = (name, None)
    return stand_ins, where


def _adapted(connection, value):
    """`value` as the ORM passes it to the driver (SQLite takes datetimes as
    text)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True
