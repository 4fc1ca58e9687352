"""The dashboard's rows of the matrix (issue 15): street-office and community staff have a
dashboard over the compounds they look after — the page, its CSV and XLSX exports and its
printable summary; for everyone else none of them exists (404)."""

from tests.authorization.expect import expect

DASHBOARD = expect(404, anonymous=302, street_staff=200)

DASHBOARD_GETS = {
    "site:dashboard": (None, DASHBOARD),
    "site:dashboard_csv": (None, DASHBOARD),
    "site:dashboard_xlsx": (None, DASHBOARD),
    "site:dashboard_print": (None, DASHBOARD),
}
