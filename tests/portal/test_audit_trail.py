"""The audit trail is append-only in the database too (issue 16, item 9)."""

import pytest
from django.db import DatabaseError, connection, transaction

from portal.audit import audit
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_raw_sql_cannot_rewrite_or_delete_an_audit_event_on_postgresql(resident):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's (django-pgtrigger)")
    event = audit(actor=resident, code="portal.test.done", target=resident, new={"a": 1})
    table = AuditEvent._meta.db_table
    for sql in (
        f"UPDATE {table} SET new = '{{}}' WHERE id = %s",
        f"UPDATE {table} SET actor_id = NULL WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="Cannot (update|delete)"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).new == {"a": 1}
