"""URL converters: parsing ids from paths is the URLconf's job, never a view's."""


class IdConverter:
    """A database id: 1 to 18 digits. A bigint holds 19, so a longer number (or anything
    but ASCII digits) is simply no match, answered 404, instead of an overflow in the
    database driver."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
