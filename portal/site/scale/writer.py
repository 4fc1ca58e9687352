"""Bulk writing for the scale generator: ids are allocated here (so rows can point at each
other before they are written), rows go in by COPY on PostgreSQL and by bulk_create with a
batch size elsewhere, and the sequences are moved past the ids at the end."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

BATCH = 5000


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    value = field.get_default()
    return "" if value is None and not field.null else value


class Writer:
    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.next_ids: dict[type, int] = {}
        self.counts: dict[str, int] = {}

    def ids(self, model, n: int) -> range:
        """`n` fresh primary keys for `model`, above every existing one."""
        if model not in self.next_ids:
            self.next_ids[model] = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        start = self.next_ids[model]
        self.next_ids[model] = start + n
        return range(start, start + n)

    def write(self, model, fields: Sequence[str], rows: Iterable[Sequence]) -> int:
        """Write `rows`, tuples in the order of `fields` (attribute names such as
        "compound_id"; give "id" first when the ids were allocated with `ids`)."""
        meta = model._meta
        by_attname = {f.attname: f for f in meta.concrete_fields}
        if self.postgres:  # COPY knows no Django defaults: give every other column its own
            rest = [
                f for f in meta.concrete_fields if f.attname not in fields and not f.primary_key
            ]
            extra = tuple(_default(f) for f in rest)
            columns = [by_attname[name] for name in fields] + rest
            written = self._copy(meta.db_table, columns, (tuple(row) + extra for row in rows))
        else:
            written = self._bulk(model, fields, rows)
        self.counts[meta.label] = self.counts.get(meta.label, 0) + written
        return written

    def _copy(self, table: str, columns, rows) -> int:
        from psycopg.types.json import Jsonb

        json_at = [i for i, f in enumerate(columns) if f.get_internal_type() == "JSONField"]
        names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
        written = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor
            with raw.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    if json_at:
                        row = list(row)
                        for i in json_at:
                            row[i] = Jsonb(row[i])
                    copy.write_row(row)
                    written += 1
        return written

    def _bulk(self, model, fields, rows) -> int:
        batch, written = [], 0
        for row in rows:
            batch.append(model(**dict(zip(fields, row, strict=True))))
            if len(batch) >= BATCH:
                model.objects.bulk_create(batch, batch_size=BATCH)
                written += len(batch)
                batch = []
        if batch:
            model.objects.bulk_create(batch, batch_size=BATCH)
            written += len(batch)
        return written

    def finish(self) -> None:
        """Move every sequence past the ids written here, then ANALYZE (PostgreSQL): a
        freshly loaded table without statistics gets nested-loop plans that take seconds."""
        models = list(self.next_ids)
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
            if self.postgres:
                cursor.execute("ANALYZE")

    def vacuum(self) -> None:
        """VACUUM ANALYZE (PostgreSQL, outside a transaction): sets the visibility maps, so
        counts read indexes only, and leaves nothing for autovacuum to do while the bench
        measures. Skipped inside a transaction (tests seed in a savepoint)."""
        if self.postgres and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
