"""A compound's audit log for its readers (issue 16, item 9): who did what, when, to which
object, with old and new values; filtered, paged and exported as CSV."""

from portal.site.audit.forms import AuditFilterForm
from portal.site.audit.queries import actors_of, csv_lines, filtered, rows

__all__ = ["AuditFilterForm", "actors_of", "csv_lines", "filtered", "rows"]
