"""My account's rows of the matrix (issue 16, item 12): everyone signed in has their own
account page, the download of their own data and the deletion of their own account —
nobody else's: the pages take no id. A POST to delete with a wrong password (or from a
role holder, refused with the roles named) shows the page again and changes nothing."""

from tests.authorization.expect import signed_in

MYDATA_GETS = {
    "site:account": (None, signed_in(200)),
    "site:my_data": (None, signed_in(200)),
    "site:account_delete": (None, signed_in(200)),
}
MYDATA_POSTS = {
    # The ZIP of one's own data: a read, whatever the role.
    "site:my_data": (None, {}, signed_in(200)),
    "site:account_delete": (
        None,
        {"password": "not-the-password", "understood": "1"},
        signed_in(200),
    ),
}
