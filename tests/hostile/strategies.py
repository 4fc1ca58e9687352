"""Hypothesis strategies for a Django form's data: for each field, values of its kind that
the form should accept (its choices, ids of its queryset, plausible dates and numbers) mixed
with hostile ones (control characters, NUL, emoji, 100k characters, markup, ids that do not
exist or overflow, years 1 and 9999, full-width digits), and the field sometimes absent."""

import io
import string
from datetime import timedelta

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import strategies as st
from PIL import Image

from portal.forms import IdField, IdListField, MainlandPhoneField
from tests.factories import PASSWORD
from tests.helpers import PDF
from tests.hostile import values

FULL_WIDTH = str.maketrans(string.digits, "０１２３４５６７８９")
# Any text without surrogates (they cannot be sent as UTF-8), C0 controls and NUL included.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
HOSTILE_TEXT = st.one_of(
    ANY_TEXT,
    st.sampled_from(values.TEXT + [values.MIXED]),
    st.just(values.LONG),
    st.builds(lambda a, b: a + b, st.sampled_from(values.XSS), ANY_TEXT),
)
ID_TEXT = st.one_of(
    st.sampled_from(values.IDS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=0, max_value=10**6).map(lambda n: str(n).translate(FULL_WIDTH)),
)
NUMBER_TEXT = st.one_of(
    st.sampled_from(values.NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.integers(min_value=0, max_value=10**6).map(lambda n: str(n).translate(FULL_WIDTH)),
)
DAY_TEXT = st.one_of(
    st.sampled_from(values.DATES),
    st.dates().map(lambda d: d.isoformat()),  # years 1 to 9999
    st.dates().map(lambda d: d.isoformat().translate(FULL_WIDTH)),
    st.dates().map(lambda d: d.strftime("%Y-%m")),
)
MOMENT_TEXT = st.one_of(
    DAY_TEXT,
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


UPLOADS = [
    ("照片.jpg", "image/jpeg", _jpeg),
    ("单据.pdf", "application/pdf", lambda: PDF),
    ("x.jpg", "image/jpeg", lambda: b"<html><script>alert(1)</script>"),
    ("<img src=x onerror=alert(1)>.png", "image/png", lambda: b""),
    ("registry.csv", "text/csv", lambda: "楼栋,门牌号,面积,面积来源\n18栋,909,88,实测\n".encode()),
    ("\x00.xlsx", "application/vnd.ms-excel", lambda: b"PK\x03\x04broken"),
]


def upload(index: int) -> SimpleUploadedFile:
    """A fresh file each time (a file object is consumed when read)."""
    name, kind, content = UPLOADS[index % len(UPLOADS)]
    return SimpleUploadedFile(name, content(), content_type=kind)


def _choices(field) -> list[str]:
    found = []
    for key, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):  # an optgroup
            found += [str(k) for k, _label in label]
        else:
            found.append(str(getattr(key, "value", key)))
    return [c for c in found if c][:20]


def _keys(field) -> list[str]:
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return []
    key = field.to_field_name or "pk"
    return [str(k) for k in queryset.values_list(key, flat=True)[:5]]


def _attrs(field) -> set[str]:
    return {field.widget.attrs.get("type"), field.widget.attrs.get("inputmode")}


def _phones(known: list[str]) -> st.SearchStrategy:
    numbers = [p[3:] for p in known] or ["13800000001"]
    return st.one_of(
        st.sampled_from(values.PHONES),
        st.sampled_from(numbers),
        st.sampled_from(numbers).map(lambda n: n.translate(FULL_WIDTH)),
        st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
        HOSTILE_TEXT,
    )


def hostile(field: forms.Field, phones: list[str]) -> st.SearchStrategy:
    """Values of this field's kind, sane and hostile; a list where it takes several."""
    if isinstance(field, forms.FileField):
        return st.integers(min_value=0, max_value=len(UPLOADS) - 1)  # an index: see files_of
    if isinstance(field, forms.ModelMultipleChoiceField | IdListField | forms.MultipleChoiceField):
        one = st.one_of(st.sampled_from(_keys(field) or _choices(field) or ["1"]), ID_TEXT)
        return st.lists(one, max_size=3)
    if isinstance(field, forms.ModelChoiceField):
        keys = _keys(field)
        if getattr(field, "phone", None) is not None:  # a person chosen by phone
            return _phones(keys)
        return st.one_of(st.sampled_from(keys or ["1"]), ID_TEXT, HOSTILE_TEXT)
    if isinstance(field, forms.ChoiceField):
        return st.one_of(st.sampled_from(_choices(field) or [""]), ID_TEXT, HOSTILE_TEXT)
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", "1", "", "false", "0"]), HOSTILE_TEXT)
    if isinstance(field, forms.DateTimeField):
        return MOMENT_TEXT | HOSTILE_TEXT
    if isinstance(field, forms.DateField):
        return DAY_TEXT | HOSTILE_TEXT
    if isinstance(field, IdField):
        return ID_TEXT
    if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
        return NUMBER_TEXT | HOSTILE_TEXT
    if isinstance(field, MainlandPhoneField) or "tel" in _attrs(field):
        return _phones(phones)
    return HOSTILE_TEXT


# Text a form accepts that still carries markup, a template, emoji and controls.
WRITTEN = st.sampled_from(["修理楼道灯", values.MIXED, *values.XSS, "😀👨‍👩‍👧‍👦 好的", "前\x01后"])


def _days(field) -> st.SearchStrategy:
    today = timezone.localdate()
    days = [today + timedelta(days=n) for n in (0, -1, -20, 14, 30, 100)]
    formats = list(getattr(field, "input_formats", None) or ["%Y-%m-%d"])
    if isinstance(field, forms.DateTimeField):  # hours apart on one day: a start and an end
        times = st.sampled_from(["08:00", "10:30", "14:00"])
        return st.tuples(st.sampled_from(days), times).map(
            lambda dt: dt[0].strftime("%Y-%m-%dT") + dt[1]
        )
    return st.sampled_from(days).map(lambda d: d.strftime(str(formats[0])))


def sane(field: forms.Field, phones: list[str]) -> st.SearchStrategy:
    """A value the field most likely accepts (its choices, ids of its queryset, a day near
    today, a small number), with text that is valid yet hostile (markup, emoji)."""
    if isinstance(field, forms.FileField):
        return st.sampled_from([0, 1])
    keys = _keys(field) or _choices(field)
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return st.lists(st.sampled_from(keys), min_size=1, max_size=2) if keys else st.just([])
    if isinstance(field, forms.ModelChoiceField) and getattr(field, "phone", None) is not None:
        return st.sampled_from([k[3:] for k in keys] or ["13800000001"])
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return st.sampled_from(keys) if keys else st.just("")
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", ""])
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return _days(field)
    if isinstance(field, IdField | IdListField):
        return st.integers(min_value=1, max_value=30).map(str)
    if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
        low = max(int(getattr(field, "min_value", None) or 1), 1)
        high = min(int(getattr(field, "max_value", None) or 1000), 1000)
        return st.integers(min_value=low, max_value=max(low, high)).map(str)
    if isinstance(field, MainlandPhoneField) or "tel" in _attrs(field):
        return st.sampled_from([p[3:] for p in phones] or ["13800000001"])
    if isinstance(field.widget, forms.PasswordInput):
        return st.sampled_from([PASSWORD, "Zq8!x" * 3])  # the personas' own, a new one
    return WRITTEN if field.required else st.one_of(WRITTEN, st.just(""))


def form_data(form: forms.BaseForm, phones: list[str]) -> st.SearchStrategy:
    """(data, files) for `form`, files as upload indexes. Half the examples keep every
    field sane but one (so the service behind the form is reached with hostile text in
    the rest), half draw each field sane, hostile or absent."""
    names = [form.add_prefix(n) for n in form.fields]
    files = {form.add_prefix(n) for n, f in form.fields.items() if isinstance(f, forms.FileField)}
    pairs = {
        form.add_prefix(n): (sane(f, phones), hostile(f, phones)) for n, f in form.fields.items()
    }

    @st.composite
    def draw(pick):
        mostly_sane = pick(st.booleans())
        odd_one = pick(st.sampled_from(names)) if names and mostly_sane else None
        data = {}
        for name, (good, bad) in pairs.items():
            if mostly_sane:
                data[name] = pick(bad if name == odd_one else good)
            else:
                how = pick(st.sampled_from(["sane", "hostile", "absent"]))
                if how != "absent":
                    data[name] = pick(good if how == "sane" else bad)
        return (
            {k: v for k, v in data.items() if k not in files},
            {k: v for k, v in data.items() if k in files},
        )

    return draw()


def files_of(indexes: dict) -> dict:
    """Fresh uploads for the drawn indexes (each field may take several files)."""
    return {name: upload(index) for name, index in indexes.items()}
