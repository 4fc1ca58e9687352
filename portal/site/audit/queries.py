"""The audit log of one compound, as its readers see it: the events newest first with the
filters applied, and each event as a row of plain words."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compounds.models import BuildingRoleKind, Compound, Unit
from finance.models import Account
from portal.models import AuditEvent
from portal.site.audit.targets import describe
from portal.site.audit.words import (
    ACCOUNT_FIELDS,
    ADMIN_VERBS,
    CHOICES,
    CHOICES_OF,
    FAMILIES,
    FIELDS,
    NO,
    NOTHING,
    PEOPLE_FIELDS,
    UNIT_FIELDS,
    URGENCIES,
    VERBS,
    YES,
)
from portal.spreadsheets import safe_cell


def events_of(compound: Compound) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(compound_id=compound.pk)


def actors_of(compound: Compound) -> list[tuple[int, str]]:
    """Everyone who appears in the compound's log, by name (one query)."""
    ids = events_of(compound).exclude(actor=None).values("actor_id").distinct()
    people = get_user_model().objects.filter(pk__in=ids).order_by("display_name", "pk")
    return [(p.pk, str(p)) for p in people.only("display_name", "phone")]


def filtered(compound: Compound, data: dict) -> QuerySet[AuditEvent]:
    events = events_of(compound)
    if data.get("what"):
        prefixes = FAMILIES[data["what"]][1]
        match = Q()
        for prefix in prefixes:
            match |= Q(code__startswith=prefix)
        events = events.filter(match)
    if data.get("who"):
        events = events.filter(actor_id=data["who"])
    tz = timezone.get_current_timezone()
    if data.get("since"):
        events = events.filter(created_at__gte=datetime.combine(data["since"], time.min, tz))
    if data.get("until"):
        events = events.filter(created_at__lte=datetime.combine(data["until"], time.max, tz))
    if data.get("kind"):
        events = events.filter(target_type=data["kind"])
        if data.get("number"):
            events = events.filter(target_id=data["number"])
    return events.select_related("actor").order_by("-created_at", "-id")


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    who: str
    verb: str
    target: str
    changes: list[tuple[str, str, str]]  # ("field: ", old, new)


def verb_of(code: str) -> str:
    if code in VERBS:
        return str(VERBS[code])
    action = code.rsplit(".", 1)[-1]
    if action in ADMIN_VERBS:
        return str(ADMIN_VERBS[action])
    return _("did “%(code)s” to") % {"code": code}


def _value(field: str, value, refs: dict[str, str], kinds: dict[str, str], of: str = "") -> str:
    if value is None or value == "":
        return str(NOTHING)
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, int) and f"{field}:{value}" in refs:
        return refs[f"{field}:{value}"]
    if field == "kind" and of == "compounds.buildingrole":
        return kinds.get(value, value)
    if field in URGENCIES and isinstance(value, list) and len(value) == 2:
        return _("accept within %(a)s min, resolve within %(r)s min") % {
            "a": value[0],
            "r": value[1],
        }
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    labels = CHOICES_OF.get((of, field)) or CHOICES.get(field, {})
    return str(labels.get(value, value))


def _changes(event: AuditEvent, refs, kinds) -> list[tuple[str, str, str]]:
    old = event.old if isinstance(event.old, dict) else {"": event.old}
    new = event.new if isinstance(event.new, dict) else {"": event.new}
    fields = list(dict.fromkeys([*new, *old]))
    return [
        (
            pgettext("audit log", "%(field)s: ") % {"field": URGENCIES.get(f) or FIELDS.get(f, f)},
            _value(f, old.get(f), refs, kinds, event.target_type) if f in old else "",
            _value(f, new.get(f), refs, kinds, event.target_type) if f in new else "",
        )
        for f in fields
    ]


def _ids(events: list[AuditEvent], fields: tuple[str, ...]) -> set[int]:
    return {
        v
        for e in events
        for values in (e.old, e.new)
        if isinstance(values, dict)
        for k, v in values.items()
        if k in fields and isinstance(v, int) and not isinstance(v, bool)
    }


def _refs(events: list[AuditEvent]) -> dict[str, str]:
    """The names of the people, homes and accounts the page's values name by id, keyed
    "field:id" (one query for each of the three, and none when none is named)."""
    names = {}
    sources = (
        (PEOPLE_FIELDS, get_user_model().objects.only("display_name", "phone"), str),
        (UNIT_FIELDS, Unit.objects.select_related("building"), str),
        (ACCOUNT_FIELDS, Account.objects.only("name"), lambda a: a.name),
    )
    for fields, queryset, name in sources:
        ids = _ids(events, fields)
        if ids:
            found = {o.pk: name(o) for o in queryset.filter(pk__in=ids)}
            names.update({f"{f}:{pk}": n for pk, n in found.items() for f in fields})
    return names


def rows(events: Iterable[AuditEvent]) -> list[Row]:
    """Rows of words for a page of events: one query per kind of object on it, one each
    for the people, homes and accounts its values name and one for building role kinds,
    whatever the page's length."""
    events = list(events)
    names = describe(events)
    refs = _refs(events)
    kinds = {}
    if any(e.target_type == "compounds.buildingrole" for e in events):
        kinds = {k.code: str(k) for k in BuildingRoleKind.objects.filter(community=None)}
    return [
        Row(
            event=e,
            who=str(e.actor) if e.actor_id else _("The system"),
            verb=verb_of(e.code),
            target=names[e.target_type, e.target_id],
            changes=_changes(e, refs, kinds),
        )
        for e in events
    ]


def _changes_text(row: Row) -> tuple[str, str]:
    old = "\n".join(f"{f}{o}" for f, o, _n in row.changes if o)
    new = "\n".join(f"{f}{n}" for f, _o, n in row.changes if n)
    return old, new


def csv_lines(events: QuerySet[AuditEvent], chunk: int = 500) -> Iterator[bytes]:
    """The filtered log as CSV, UTF-8 with a byte-order mark (Excel and WPS read it as
    such), every cell formula-safe; written in chunks so a long log is never all in memory."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = [
        pgettext("audit log", word)
        for word in ("Time", "Who", "What", "Object", "Before", "After", "Code")
    ]
    writer.writerow(header)
    yield "\ufeff".encode() + out.getvalue().encode()
    batch: list[AuditEvent] = []
    for event in events.iterator(chunk_size=chunk):
        batch.append(event)
        if len(batch) == chunk:
            yield _csv_chunk(batch)
            batch = []
    if batch:
        yield _csv_chunk(batch)


def _csv_chunk(events: list[AuditEvent]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows(events):
        old, new = _changes_text(row)
        when = timezone.localtime(row.event.created_at).strftime("%Y-%m-%d %H:%M:%S")
        cells = [when, row.who, row.verb, row.target, old, new, row.event.code]
        writer.writerow([safe_cell(c) for c in cells])
    return out.getvalue().encode()
