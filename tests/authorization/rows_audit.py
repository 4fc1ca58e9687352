"""The audit log's rows of the matrix (issue 16, item 9): a compound's log and its CSV are
for its supervisory committee and the staff whose scope holds it (the street-office staff
persona here; community staff in tests/site/test_audit_log.py). Everyone else — the
compound's residents, its other committees and role holders, the property company, the
other compound — gets 404: the log is for those who supervise, and a resident does not
learn from a 403 which compounds keep one. The pages only read: POST is 405."""

from tests.authorization.expect import expect

READERS = expect(404, anonymous=302, supervisor=200, street_staff=200)


def _compound(w) -> dict:
    return {"compound_id": w.compound.pk}


AUDIT_GETS = {
    "site:audit_log": (_compound, READERS),
    "site:audit_log_csv": (_compound, READERS),
}
AUDIT_POSTS = {
    "site:audit_log": (_compound, {}, expect(405)),
    "site:audit_log_csv": (_compound, {}, expect(405)),
}
