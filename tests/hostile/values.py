"""Hostile values for the fuzz tests of issue 16 item 8: what a person, a script or a
careless paste may send in a field, by the kind of field."""

LONG = "长" * 100_000  # 100k characters (300 kB of UTF-8)
XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}{% debug %}${7*7}",
]
# Several kinds at once, so that one post carries them all into a service: markup, a
# template, emoji with joiners, direction and zero-width marks, C0 controls and SQL.
MIXED = (
    '<script>alert(1)</script>"><img src=x onerror=alert(1)>javascript:alert(1)'
    "{{7*7}}😀👨‍👩‍👧‍👦\u202e\u200b\x01\x1b[31m\x7f'; DROP TABLE portal_user;--"
)
# What the text fields of a form carry while its other fields stay sane.
TEXT_ROUNDS = [MIXED, "前\x00后", LONG, " \u3000\t "]
PHONE_ROUNDS = ["１３８００００００１０", "13800000001\x00", "٠١٢٣٤٥٦٧٨٩٠", "0086" + "9" * 60]
TEXT = [
    "\x00",
    "\x01\x02\x07\x08\x0b\x0c\x1b[31m\x7f",
    LONG,
    "😀👨‍👩‍👧‍👦🏳️‍🌈",
    *XSS,
    "'; DROP TABLE portal_user;--",
    "\u202e\u200b\ufeff\u3000",
    "",
    "%00../../etc/passwd",
    "١٣٨٠٠٠٠٠٠٠١",
]
NUMBERS = [
    "-1",
    "1e309",
    "NaN",
    "Infinity",
    "99999999999999999999999999999999999999",
    "１２",  # full-width digits
    "²",
    "0.001",
    "1,000",
    "\x00",
    "9" * 1000,
]
DATES = [
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "１９９０-０１-０１",
    "0000-00-00",
    "2024-13-01T25:61",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "\x00",
]
PHONES = [
    *PHONE_ROUNDS,
    "+86 138-0000-0010",
    "14000000001",  # a deleted account's placeholder range
    "010-12345678",
    "",
]
# Ids: absent, negative, huge, not numbers, another script's digits.
IDS = ["0", "-1", "999999999", "99999999999999999999999", "1e3", "１", "²", "abc", "\x00"]
CHOICES = [*IDS[:4], "__all__", "<script>alert(1)</script>", LONG[:5000], "\x00"]

KINDS = {
    "text": TEXT,
    "number": NUMBERS,
    "date": DATES,
    "phone": PHONES,
    "id": IDS,
    "choice": CHOICES,
}


def value_for(kind: str, round_: int, position: int = 0) -> str:
    """The value of `kind` for this round; fields at different positions are shifted so
    that one round does not send the same value everywhere."""
    values = KINDS[kind]
    return values[(round_ * 3 + position) % len(values)]
