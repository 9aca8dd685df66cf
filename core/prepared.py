"""Queries PostgreSQL plans once per connection: prepared statements, for the few large
queries a page runs on every request with the same text (core.preload's owner query, the
caseload's page). Planning them cost about a millisecond a request each (README, Quality).

Django turns prepared statements off (prepare_threshold None); config.settings sets a
threshold no query reaches, so psycopg prepares only what `rows` asks it to. The parameters
are bound by the server, so one statement serves every user.
"""

from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor


class _PreparedCursor(ServerBindingCursor):
    """A cursor whose every query is prepared (psycopg's execute(prepare=True))."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def rows(alias: str, sql: str, params) -> tuple[list[str], list[tuple]]:
    """The column names and rows of `sql`, run as a prepared statement on PostgreSQL,
    through Django's cursor wrapper (so query logging, counting and execute wrappers see
    it). `sql` uses %s placeholders, as the ORM's compiler writes them."""
    connection = connections[alias]
    connection.ensure_connection()
    cursor = _PreparedCursor(connection.connection)
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(cursor) as wrapped:
        wrapped.execute(sql, params)
        return [column.name for column in wrapped.description], wrapped.fetchall()
