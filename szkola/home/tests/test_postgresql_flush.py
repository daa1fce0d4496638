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


def test_flush_keeps_the_rows_post_migrate_makes_from_the_models():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    content_types = sorted(ContentType.objects.values_list("pk", "model"))
    permissions = sorted(Permission.objects.values_list("pk", "codename"))
    UserFactory()

    # As a transactional test ends.
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)

    assert not get_user_model().objects.exists()
    # The same rows, not deleted and made again under new ids.
    assert sorted(ContentType.objects.values_list("pk", "model")) == content_types
    assert sorted(Permission.objects.values_list("pk", "codename")) == permissions


def test_flush_sends_its_statements_in_one_round_trip():
    from django.test.utils import CaptureQueriesContext

    tables = connection.introspection.django_table_names(only_existing=True)
    statements = connection.ops.sql_flush(no_style(), tables)
    assert len(statements) > 100

    with CaptureQueriesContext(connection) as queries:
        connection.ops.execute_sql_flush(statements)

    executed = [query["sql"] for query in queries.captured_queries]
    assert len([sql for sql in executed if "DELETE" in sql]) == 1
