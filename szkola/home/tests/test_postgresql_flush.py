"""The test databases' PostgreSQL backend empties tables by DELETE, in one
transaction, whatever the order of tables linked by foreign keys."""

import pytest
from django.core.management.color import no_style
from django.db import connection

from szkola.accounts.tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the backend is PostgreSQL's"
    ),
]


def test_flush_deletes_rows_of_tables_that_reference_each_other():
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = UserFactory()
    assert EmailAddress.objects.filter(user=user).exists()
    User = get_user_model()
    # Every table, as a flush after a transactional test names them, with
    # the referenced table first: only a deferred check lets this through.
    tables = sorted(
        connection.introspection.django_table_names(only_existing=True),
        key=lambda table: table != User._meta.db_table,
    )

    statements = connection.ops.sql_flush(no_style(), tables)
    assert all(sql.startswith("DELETE FROM") for sql in statements)
    connection.ops.execute_sql_flush(statements)

    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()


def test_flush_that_resets_sequences_still_truncates():
    statements = connection.ops.sql_flush(
        no_style(), ["auth_group"], reset_sequences=True
    )
    assert statements[0].startswith("TRUNCATE")
