"""Writing cells people open in Excel or WPS."""


def safe_cell(value):
    """Text a spreadsheet would run as a formula (=, +, -, @) stays text; other values pass."""
    if isinstance(value, str) and value and value[0] in "=+-@":
        return f"'{value}"
    return value
