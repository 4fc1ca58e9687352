"""The dashboard's rows of the matrix (issue 15): street-office and community staff have a
dashboard over the compounds they look after; for everyone else it does not exist (404)."""

from tests.authorization.expect import expect

DASHBOARD_GETS = {
    "site:dashboard": (None, expect(404, anonymous=302, street_staff=200)),
}
