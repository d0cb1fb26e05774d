"""Queries built and compiled once per shape, then run with new values.

Building a ranked query with the ORM and compiling it cost more than twice
what the database took to run it, on every request, for SQL that differed
only in its values. A CompiledOnce builds its query with stand-ins for the
values, compiles it, notes where each stand-in went among the parameters,
and from then on runs that SQL with the real values put in their places.
"""

from datetime import UTC, datetime, timedelta

from django.db import connections

# Two series of stand-ins: ids that are never real and within every
# database's integer range (a value outside it compiles to no condition at
# all), moments that are never real. The second series, of another sign and
# era, checks the first: see CompiledOnce._compile().
STAND_INS = [
    (-610_431_207, datetime(1901, 2, 3, 4, 5, 6, 100_000, tzinfo=UTC)),
    (1_987_654_321, datetime(2187, 6, 5, 4, 3, 2, 100_000, tzinfo=UTC)),
]


class CompiledOnce:
    """The SQL of `build(*shape, **values)`, compiled once per database,
    shape and number of values in each list.

    `values` are ints, datetimes, or lists of ints: what ends up among the
    query's parameters. `shape` is what changes the SQL itself (a LIMIT, say).
    A query whose stand-ins cannot all be found among its parameters (one the
    ORM turned into something else), or whose SQL or other parameters change
    with the values (a value used with one added, a condition dropped for an
    out-of-range value), is built and compiled every time instead: slower,
    never wrong.

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
        """(sql, params, slots), or None when the SQL cannot be reused.

        Compiled with each series of stand-ins: reusable only when both give
        the same SQL, and parameters that differ only where a stand-in is."""
        (sql, params, where), (other_sql, other_params, other_where) = [
            self._compile_with(connection, shape, values, series)
            for series in STAND_INS
        ]
        slots = [
            (index, where[param])
            for index, param in enumerate(params)
            if _hashable(param) and param in where
        ]
        if {place for _, place in slots} != set(where.values()):
            return None
        expected = list(params)
        by_place = {place: stand_in for stand_in, place in other_where.items()}
        for index, place in slots:
            expected[index] = by_place[place]
        if other_sql != sql or list(other_params) != expected:
            return None
        return sql, tuple(params), slots

    def _compile_with(self, connection, shape, values, series):
        stand_ins, where = _stand_ins(connection, values, *series)
        query = self.build(*shape, **stand_ins).query
        sql, params = query.get_compiler(connection=connection).as_sql()
        return sql, params, where


def _layout(values):
    return tuple(
        (name, len(value) if isinstance(value, list | tuple) else None)
        for name, value in sorted(values.items())
    )


def _stand_ins(connection, values, first_id, first_moment):
    """({name: stand-in}, {stand-in as it is sent: (name, position)})."""
    stand_ins, where = {}, {}
    ids = iter(range(first_id, first_id - 1_000_000, -1))
    moments = (first_moment + timedelta(microseconds=n) for n in range(1_000_000))
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
