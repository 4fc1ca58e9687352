"""The dashboard's rows of the matrix (issue 15): street-office and community staff have a
dashboard over the compounds they look after — the page, its CSV and XLSX exports and its
printable summary; for everyone else none of them exists (404). A compound's figures page
is for those staff and for the compound's own residents (any relation, verified); the
property company's worker and the other compound's owner get 404. (Staff of another street
office: tests/site/test_compound_figures.py.)"""

from tests.authorization.expect import expect, scoped

DASHBOARD = expect(404, anonymous=302, street_staff=200)

DASHBOARD_GETS = {
    "site:dashboard": (None, DASHBOARD),
    "site:dashboard_csv": (None, DASHBOARD),
    "site:dashboard_xlsx": (None, DASHBOARD),
    "site:dashboard_print": (None, DASHBOARD),
    "site:compound_figures": (
        lambda w: {"compound_id": w.compound.pk},
        scoped(200, worker=404),
    ),
}
