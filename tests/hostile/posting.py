"""Posting a form with hostile values, each post undone afterwards so the next one meets
the same world; what counts is the status (never 5xx) and that no exception escaped."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from PIL import Image

from compounds.standing import clear_standing_cache
from tests.helpers import PDF
from tests.hostile.html_forms import PostForm
from tests.hostile.values import PHONE_ROUNDS, TEXT_ROUNDS, XSS, value_for

ALL_ROUNDS = 5  # every field hostile of its kind, shifted each round
# What `op`, `action` and `next` get in the last rounds: a bare word (Django's redirect()
# takes it for a view's name), another site, a script, markup.
ROUTING_VALUES = ["x¿'\"(", "//evil.example/%2F..", "javascript:alert(1)", XSS[1]]


@contextmanager
def undone() -> Iterator[None]:
    """Whatever happens inside is rolled back (a savepoint of the test's transaction)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    clear_standing_cache()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def hostile_file(round_: int) -> SimpleUploadedFile | str:
    files = [
        lambda: SimpleUploadedFile("照片.jpg", jpeg(), content_type="image/jpeg"),
        lambda: SimpleUploadedFile("<script>.pdf", PDF, content_type="application/pdf"),
        lambda: SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script>", "image/jpeg"),
        lambda: SimpleUploadedFile("empty.png", b"", content_type="image/png"),
        lambda: SimpleUploadedFile("\x00.csv", "楼栋\x00,门牌号\n".encode(), "text/csv"),
        lambda: "",
    ]
    return files[round_ % len(files)]()


def _sane(control, nth: int = 0) -> str | SimpleUploadedFile:
    """A value the form most likely accepts: what the page offered, else something plain.
    The nth moment of a form is tomorrow, two hours after the one before: a start, then an
    end (an activity, a shift, a meeting are published ahead and end after they start)."""
    if control.kind == "file":
        return SimpleUploadedFile("照片.jpg", jpeg(), content_type="image/jpeg")
    if control.default:
        return control.default
    if control.kind == "choice":
        return next((o for o in control.options if o), "")
    if control.kind == "date":
        today = timezone.localdate()
        if control.input_type == "datetime-local":
            return f"{today + timedelta(days=1):%Y-%m-%d}T{10 + 2 * nth}:00"
        formats = {"month": "%Y-%m"}
        return today.strftime(formats.get(control.input_type, "%Y-%m-%d"))
    if control.kind == "number":
        return "1"
    return "" if control.kind == "id" else "测试"


def rounds(form: PostForm) -> Iterator[tuple[str, dict]]:
    """(what this round is, the data): first hostile text in the text fields with sane
    values elsewhere (so the text reaches the service), then every field hostile of its
    kind, then the routing values (op, action, next) hostile too."""
    for r, (text, phone) in enumerate(zip(TEXT_ROUNDS, PHONE_ROUNDS, strict=True)):
        data = dict(form.fixed)
        moments = [c.name for c in form.controls if c.input_type == "datetime-local"]
        for c in form.controls:
            nth = moments.index(c.name) if c.name in moments else 0
            data[c.name] = {"text": text, "phone": phone}.get(c.kind) or _sane(c, nth)
        yield f"text round {r}", data
    for r in range(ALL_ROUNDS):
        data = dict(form.fixed)
        for i, c in enumerate(form.controls):
            if c.kind == "file":
                data[c.name] = hostile_file(r + i)
            else:
                data[c.name] = value_for(c.kind, r, i)
        yield f"all round {r}", data
    for r, value in enumerate(ROUTING_VALUES):
        data = {name: value for name in form.fixed}
        data |= {c.name: _sane(c) for c in form.controls}
        yield f"routing round {r}", data


def post_hostile(client: Client, form: PostForm) -> list[str]:
    """Every round of `form`, each undone; the rounds that answered 5xx or raised."""
    failures = []
    for what, data in rounds(form):
        with undone():
            try:
                status = client.post(form.action, data).status_code
            except Exception as error:  # noqa: BLE001 - the test reports every escape
                status = f"{type(error).__name__}: {str(error)[:200]}"
        if not isinstance(status, int) or status >= 500:
            shown = {
                k: (v[:40] + "…" if isinstance(v, str) and len(v) > 40 else v)
                for k, v in data.items()
            }
            failures.append(f"POST {form.action} ({what}) {shown!r} -> {status}")
    return failures
