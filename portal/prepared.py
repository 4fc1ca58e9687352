"""Querysets compiled to SQL once per process and run with each call's values.

Django builds and compiles a queryset's SQL afresh on every call: for a query of nested
subqueries (the votes waiting on home) that costs milliseconds of Python, several times
what the database takes to answer it. `Prepared` builds the queryset once with stand-in
values of the same types, finds where each stand-in landed among the SQL's parameters,
and from then on runs that SQL with the call's values in their places — the queryset
stays the one definition of the query (issue 13, item 4). On PostgreSQL the SQL is also a
prepared statement of the connection, planned once (its planning took longer than its run).

Only for queries whose SQL does not change with the values: ids and moments compared in
conditions, never lists whose length shapes an `IN (…)`, never a value tested for None.
When a stand-in is not found exactly where expected (a value folded into the SQL, used in
a way that changes its text), the queryset is run as built, every time. The rows are made
as the queryset's own iteration makes them — select_related objects and annotations
included; prefetch_related is not run.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

_ORIGIN = datetime(1901, 1, 1, tzinfo=UTC)
_DAY_ORIGIN = date(1902, 1, 1)
_ALL: weakref.WeakSet[Prepared] = weakref.WeakSet()


def _standins(names: list[str], kinds: dict[str, type], round_: int) -> dict[str, object]:
    values: dict[str, object] = {}
    for n, name in enumerate(names):
        if kinds[name] is int:
            values[name] = -987_654_000_000 - n - 1000 * round_  # no row has a negative id
        elif kinds[name] is datetime:
            values[name] = _ORIGIN + timedelta(days=n + 1000 * round_, microseconds=123_457)
        elif kinds[name] is date:
            values[name] = _DAY_ORIGIN + timedelta(days=n + 100 * round_)
        else:
            raise TypeError(f"Prepared: {name} must be an int, a datetime or a date")
    return values


class Prepared:
    """`Prepared(build, user=int, now=datetime, on=date)`; `prepared(user=7, now=...)`
    returns the rows of `build(user=7, now=...)`, as model instances with their
    annotations."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self._lock = threading.Lock()
        self._compiled: dict[str, tuple[QuerySet, str, list] | None] = {}  # per database
        _ALL.add(self)

    def forget(self) -> None:
        with self._lock:
            self._compiled.clear()

    def _compile(self, alias: str) -> tuple[QuerySet, str, list] | None:
        """Compile with two sets of stand-ins: the SQL must be the same text, and its
        parameters the same but where the stand-ins landed (a value used to derive another,
        `now.date()` say, would differ elsewhere: then nothing is prepared)."""
        names = list(self.kinds)
        compiled = []
        for round_ in (0, 1):
            standins = _standins(names, self.kinds, round_)
            queryset = self.build(**standins)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            compiled.append((compiler, sql, self._template(alias, standins, params)))
        (compiler, sql, template), (_c, other_sql, other) = compiled
        if sql != other_sql or template != other:
            return None
        if {item[0] for item in template if isinstance(item, tuple)} != set(names):
            return None
        return compiler, sql, template

    @staticmethod
    def _template(alias: str, standins: dict, params) -> list:
        ops = connections[alias].ops
        forms = {}
        for name, value in standins.items():
            forms[value] = name
            if isinstance(value, datetime):
                forms[ops.adapt_datetimefield_value(value)] = name
            elif isinstance(value, date):
                forms[ops.adapt_datefield_value(value)] = name
        template = []
        for param in params:
            name = forms.get(param) if isinstance(param, int | str | date) else None
            template.append((name,) if name else param)
        return template

    def __call__(self, **values) -> list[Model]:
        alias = DEFAULT_DB_ALIAS  # the portal has one database
        with self._lock:
            if alias not in self._compiled:
                self._compiled[alias] = self._compile(alias)
        compiled = self._compiled[alias]
        if compiled is None:
            return list(self.build(**values))
        compiler, sql, template = compiled
        connection = connections[alias]
        params = [
            _adapt(connection.ops, values[item[0]]) if isinstance(item, tuple) else item
            for item in template
        ]
        if connection.vendor == "postgresql":
            cursor = _prepared_cursor(connection)
        else:
            cursor = connection.cursor()
        with cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return _instances(compiler, fetched, alias)


def _instances(compiler, fetched: list, alias: str) -> list[Model]:
    """The rows as the queryset's own iteration makes them (django.db.models.query's
    ModelIterable): model instances with their select_related objects and annotations,
    each value through its converters (a boolean, not SQLite's 0 or 1)."""
    select, klass_info = compiler.select, compiler.klass_info
    model_cls = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)
    objects = []
    for row in compiler.results_iter([fetched]):
        obj = model_cls.from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in compiler.annotation_col_map.items():
            setattr(obj, name, row[position])
        objects.append(obj)
    return objects


def _adapt(ops, value):
    if isinstance(value, datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return ops.adapt_datefield_value(value)
    return value


class _Preparing:
    """A psycopg cursor binding on the server whose every query is a prepared statement."""

    def __init__(self, cursor) -> None:
        self._cursor = cursor

    def execute(self, sql, params=None):
        return self._cursor.execute(sql, params, prepare=True)

    def __iter__(self):
        return iter(self._cursor)

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def _prepared_cursor(connection):
    """On PostgreSQL the SQL is also planned once per connection: a prepared statement
    (Django binds on the client and prepares nothing; psycopg prepares when asked). The
    query still goes through Django's cursor wrapper, so it is logged and counted."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    session = connection.connection
    if session.prepare_threshold is None:
        # Django turns psycopg's preparing off (None), which also refuses an explicit
        # prepare; its own client-binding cursors never prepare at any threshold, so
        # this enables only the statements asked for here. (A pooler in transaction
        # mode needs pgbouncer 1.21 or newer for them.) Their plan is the generic one:
        # left to choose, PostgreSQL kept planning each run afresh (3.1 ms a run for
        # home's votes waiting, 0.6 ms with the generic plan). Only prepared statements
        # and PL functions have cached plans; the ORM's queries are not affected.
        session.prepare_threshold = 2**31 - 1
        session.execute("SET plan_cache_mode = force_generic_plan")
    return connection._prepare_cursor(_Preparing(ServerBindingCursor(session)))


def _forget_all(**kwargs) -> None:
    """A setting folded into compiled SQL as a constant (a number of days) takes effect
    when it changes: settings change only in tests, and every statement is compiled anew."""
    for prepared in list(_ALL):
        prepared.forget()


setting_changed.connect(_forget_all, dispatch_uid="portal.prepared.forget_all")
