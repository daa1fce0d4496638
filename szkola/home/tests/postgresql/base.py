"""The PostgreSQL backend of the test databases: Django's, except that
emptying the tables after a transactional test deletes their rows instead of
truncating them.

``TRUNCATE`` gives every table new files on disk: for the project's 125
tables, nearly empty after a test, it took about 0.45 s, against about 0.02 s
for ``DELETE``. Every browser journey, WebSocket test and race test ends with
it. Foreign keys are ``DEFERRABLE INITIALLY DEFERRED`` (as Django makes
them), and the rows go in one transaction, so the order of the tables does
not matter. Flushes that reset sequences or cascade to tables outside the
list (``reset_sequences`` or ``available_apps``) keep ``TRUNCATE``.

Two more savings, about 0.4 s of the 0.5 s each flush took:

- the statements go to the server in one round trip instead of one each (183
  tables);
- the content types and permissions stay: they are made from the models by
  the ``post_migrate`` signal that every flush sends, which would make the same
  rows again (about 600 permissions) - with the rows there, it only reads."""

from django.db import transaction
from django.db.backends.postgresql import base, operations

# Made from the models alone, by post_migrate: nothing a test writes.
KEPT_TABLES = frozenset({"django_content_type", "auth_permission"})


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return super().sql_flush(
                style,
                tables,
                reset_sequences=reset_sequences,
                allow_cascade=allow_cascade,
            )
        delete = f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')}"
        return [
            f"{delete} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
            if table not in KEPT_TABLES
        ]

    def execute_sql_flush(self, sql_list):
        if not all(sql.startswith("DELETE") for sql in sql_list):
            return super().execute_sql_flush(sql_list)
        # Statements without parameters may go together (psycopg sends them
        # as one simple query); one transaction, as Django runs them.
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute("\n".join(sql_list))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
