"""Database expressions the dashboard needs to stay fast on both SQLite and PostgreSQL.

Django's portable versions (TruncDate, datetime subtraction) run on SQLite as Python functions called for every
row, which costs seconds at 100k runs. These compile to each database's own C-level
operations instead. They assume UTC, the project's TIME_ZONE: SQLite stores UTC text, PostgreSQL sessions are UTC.
"""

from __future__ import annotations

from django.db.models import DateField, FloatField, Func


class UtcDay(Func):
    """The UTC calendar day of a datetime column."""

    output_field = DateField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="SUBSTR(%(expressions)s, 1, 10)", **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="((%(expressions)s) AT TIME ZONE 'UTC')::date", **extra_context
        )


class SecondsBetween(Func):
    """`end - start` in seconds as a float, NULL when either is NULL."""

    output_field = FloatField()

    def __init__(self, start: str, end: str):
        super().__init__(end, start)  # both templates below read "first minus second"

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "((JULIANDAY(%(expressions)s)) * 86400.0)"
        sql, params = self.as_sql(compiler, connection, template=template, arg_joiner=") - JULIANDAY(", **extra_context)
        return sql, params

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM (%(expressions)s))::float", arg_joiner=" - ",
            **extra_context,
        )  # fmt: skip
