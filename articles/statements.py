"""Queries built and compiled once per shape, then run with new values.

Building a ranked query with the ORM and compiling it cost more than twice
what the database took to run it, on every request, for SQL that differed
only in its values. A CompiledOnce builds its query with stand-ins for the
values, compiles it, notes where each stand-in went among the parameters,
and from then on runs that SQL with the real values put in their places.
"""

import copy
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections

# Two series of stand-ins: ids that are never real and within every
# database's integer range (a value outside it compiles to no condition at
# all), moments that are never real. The second series, of another sign and
# era, checks the first: see CompiledOnce._compile().
STAND_INS = [
    (-610_431_207, datetime(1901, 2, 3, 4, 5, 6, 100_000, tzinfo=UTC)),
    (1_987_654_321, datetime(2187, 6, 5, 4, 3, 2, 100_000, tzinfo=UTC)),
]


_MISSING = object()


class CompiledOnce:
    """The SQL of `build(*shape, **values)`, compiled once per database,
    shape and number of values in each list.

    `values` are ints, datetimes, strings, or lists of ints: what ends up
    among the query's parameters. `shape` is what changes the SQL itself (a
    LIMIT, say). A query whose stand-ins cannot all be found among its
    parameters (one the ORM turned into something else), or whose SQL or
    other parameters change with the values (a value used with one added, a
    condition dropped for an out-of-range value), is built and compiled every
    time instead: slower, never wrong.

    rows() gives the rows as the database driver does, without the ORM's
    conversions (SQLite gives dates as text): fit for ids and numbers.
    fetch() gives what the queryset itself would: model instances with their
    related objects and annotations, or values, converted, and prefetched.
    """

    def __init__(self, build, *, most=None):
        self.build = build
        self.compiled = {}
        # Shapes kept at most, the oldest forgotten first: a LIMIT and OFFSET
        # per page of a listing would otherwise grow without end.
        self.most = most
        self.lock = threading.Lock()

    def rows(self, using, shape=(), **values):
        connection = connections[using]
        try:
            sql, params = self.sql(connection, shape, values)
        except EmptyResultSet:
            # A query that can match nothing (an empty slice): Django runs
            # none either.
            return []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def fetch(self, using, shape=(), **values):
        """list(build(*shape, **values)), run on `using` from the SQL
        compiled once."""
        connection = connections[using]
        found = self._found(connection, shape, values)
        if found is None:
            return list(self.build(*shape, **values).using(using))
        queryset = found.queryset.using(using)
        # The queryset's iterable asks its query for a compiler, and that
        # compiler for its SQL: this one answers with the SQL compiled
        # already, and knows the columns from having compiled it.
        compiler = copy.copy(found.compiler)
        compiler.connection = connection
        sql, params = found.sql, found.params_for(connection, values)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)

    def sql(self, connection, shape, values):
        found = self._found(connection, shape, values)
        if found is None:
            query = self.build(*shape, **values).query
            return query.get_compiler(connection=connection).as_sql()
        return found.sql, found.params_for(connection, values)

    def _found(self, connection, shape, values):
        key = (connection.alias, tuple(shape), _layout(values))
        found = self.compiled.get(key, _MISSING)
        if found is _MISSING:
            found = self._compile(connection, shape, values)
            # Threads of one process share what is compiled: one at a time
            # adds and forgets, and never while another walks the keys.
            with self.lock:
                self.compiled[key] = found
                while self.most is not None and len(self.compiled) > self.most:
                    del self.compiled[next(iter(self.compiled))]
        return found

    def _compile(self, connection, shape, values):
        """The query compiled, or None when its SQL cannot be reused.

        Compiled with each series of stand-ins: reusable only when both give
        the same SQL, and parameters that differ only where a stand-in is."""
        try:
            (queryset, compiler, sql, params, where), other = [
                self._compile_with(connection, shape, values, series)
                for series in STAND_INS
            ]
        except EmptyResultSet:
            return None
        _, _, other_sql, other_params, other_where = other
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
        return _Compiled(queryset, compiler, sql, tuple(params), slots)

    def _compile_with(self, connection, shape, values, series):
        stand_ins, where = _stand_ins(connection, values, *series)
        queryset = self.build(*shape, **stand_ins)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        return queryset, compiler, sql, params, where


@dataclass(frozen=True)
class _Compiled:
    """A query compiled with stand-ins: its queryset, never run, and the
    compiler that compiled it, which knows its columns and their types."""

    queryset: Any
    compiler: Any
    sql: str
    params: tuple
    # (index among params, (name of the value, position in its list or None))
    slots: list

    def params_for(self, connection, values):
        params = list(self.params)
        for index, (name, position) in self.slots:
            value = values[name] if position is None else values[name][position]
            params[index] = _adapted(connection, value)
        return params


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
            stand_in = _stand_in(value, ids, moments)
            stand_ins[name] = stand_in
            where[_adapted(connection, stand_in)] = (name, None)
    return stand_ins, where


def _stand_in(value, ids, moments):
    if isinstance(value, datetime):
        return next(moments)
    if isinstance(value, str):
        # Text no request sends: a slug has no spaces.
        return f"stand in {next(ids)}"
    return next(ids)


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
