"""Every free text of the matrix's world made hostile: each text column of each model of
the project people write (names, titles, descriptions, notes, comments, answers, minutes,
reasons, file names…), on every row, becomes markup numbered by its column — a script, an
image with onerror, a `javascript:` link, a spreadsheet formula, a template — cut to the
column's length. The texts kept in JSON (a notification's title, a disclosure's account
name, the audit trail's values) too. Codes, phones, passwords, keys and the links the
system writes itself (a notification's URL, a notice's page) are left alone."""

from django.apps import apps
from django.db import connection, models
from django.db.models import UniqueConstraint

PROJECT_APPS = {
    "portal",
    "notifications",
    "announcements",
    "compounds",
    "repair_requests",
    "deliberation",
    "finance",
    "portal_site",
    "community",
}
PAYLOADS = [
    '"><img src=x onerror=alert({n})><script>alert({n})</script>{{{{7*7}}}}',
    '<script>alert({n})</script>"><img src=x onerror=alert({n})>',
    '=HYPERLINK("alert({n})","<img src=x onerror=alert({n})>")',
    'javascript:alert({n})//"><img src=x onerror=alert({n})>',
]
# Not text people write: codes, states, identities, secrets, keys, system-made links.
LEFT_ALONE = {
    "code",
    "action",
    "from_state",
    "to_state",
    "from_stage",
    "to_stage",
    "event",
    "key",
    "head_key",
    "digest",
    "phone",
    "password",
    "email",
    "to",
    "channel",
    "content_type",
    "target_type",
    "emergency",
    "quorum",
    "majority",
    "url",
    "link",
    "last_error",
}
# Codes people write themselves, as painted on the thing: rewritten though named "code".
WRITTEN_CODES = {"community.Facility.code"}
JSON_TEXTS = {"title", "compound", "account_name", "name", "counterparty", "description", "note"}
PROTECTED = [  # rows the database keeps final (pgtrigger): rewritten here on purpose
    "finance.Entry:posted_entries_are_final",
    "finance.Disclosure:published_disclosures_are_final",
    "portal.AuditEvent:audit_events_are_append_only",
]


def _unique(model, name: str) -> bool:
    if model._meta.get_field(name).unique:
        return True
    together = [set(t) for t in model._meta.unique_together]
    together += [set(c.fields) for c in model._meta.constraints if isinstance(c, UniqueConstraint)]
    return any(name in fields for fields in together)


def _columns():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            text = isinstance(field, models.CharField | models.TextField)
            written = f"{model._meta.label}.{field.name}" in WRITTEN_CODES
            if text and not field.choices and (written or field.name not in LEFT_ALONE):
                yield model, field


def _json_texts(value, payload: str):
    if isinstance(value, dict):
        return {
            k: payload if k in JSON_TEXTS and isinstance(v, str) else _json_texts(v, payload)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_json_texts(v, payload) for v in value]
    return value


def _rewrite() -> dict[int, str]:
    columns: dict[int, str] = {}
    for n, (model, field) in enumerate(_columns(), start=1):
        columns[n] = f"{model._meta.label}.{field.name}"
        limit = field.max_length or 10_000
        # a short column (a facility's code) gets the script, whose head fits and is found
        payload = PAYLOADS[1 if limit < 40 else n % len(PAYLOADS)].format(n=n)
        unique = _unique(model, field.name)
        rows = model._base_manager.all()
        for i, pk in enumerate(rows.order_by("pk").values_list("pk", flat=True)):
            # the row's place, not its id, keeps a unique value distinct: ids grow through a
            # whole run and pushed the payload's tail past a short column (a code of 20)
            value = f"{i}{payload}" if unique else payload
            rows.filter(pk=pk).update(**{field.name: value[:limit]})
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                payload = PAYLOADS[0].format(n=0)
                for pk, value in model._base_manager.values_list("pk", field.name):
                    changed = _json_texts(value, payload)
                    if changed != value:
                        model._base_manager.filter(pk=pk).update(**{field.name: changed})
    return columns


def make_hostile() -> dict[int, str]:
    """Rewrite the world's texts; the numbers of the payloads, by column."""
    if connection.vendor == "postgresql":
        import pgtrigger

        with pgtrigger.ignore(*PROTECTED):
            return _rewrite()
    return _rewrite()
