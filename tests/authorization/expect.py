"""The personas of the authorization matrix and the shorthand for expected statuses."""

PERSONAS = [
    "anonymous",
    "resident",
    "tenant",
    "building_head",
    "committee_chair",
    "party_secretary",
    "supervisor",
    "worker",
    "street_staff",
    "volunteer",
    "other_owner",
]
SIGNED_IN = PERSONAS[1:]
IN_COMPOUND = [p for p in SIGNED_IN if p != "other_owner"]


def expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    for persona, status in overrides.items():
        table[persona] = status
    return table


def signed_in(status: int) -> dict[str, int]:
    """Anonymous visitors are sent to sign in; everyone signed in gets `status`."""
    return expect(status, anonymous=302)


def scoped(inside: int, outside: int = 404, **overrides: int) -> dict[str, int]:
    """Sign-in required; people of the compound get `inside`, the other compound `outside`."""
    return expect(inside, anonymous=302, other_owner=outside, **overrides)


STAFF_ONLY = scoped(403, street_staff=200)
PUBLISHERS = ["committee_chair", "party_secretary", "supervisor", "street_staff"]


class _Upload:
    """A fresh upload for each POST (a file object is consumed when sent)."""

    def __init__(self, name: str, content: bytes):
        self.name, self.content = name, content


REGISTRY_CSV = _Upload("r.csv", "楼栋,门牌号,面积,面积来源\n18栋,909,88.00,实测\n".encode())
NOTICE_POST = {"title": "停水通知", "body": "明天停水", "place": "compound:{compound}"}
NOTICE_READERS = scoped(200, worker=404)
# A repair in 18栋's common area: people with a part in it, and the compound's residents
# (who may follow it: 我也遇到了); the other compound does not see it.
REQUEST_READERS = scoped(200)
# Following: the compound's other residents; the reporter and staff see it but may not.
FOLLOWERS = scoped(302, resident=403, worker=403, street_staff=403)
REVIEWERS = expect(404, anonymous=302, committee_chair=200)
FILERS_FOR = expect(
    403,
    anonymous=302,
    **dict.fromkeys(
        ["building_head", "committee_chair", "party_secretary", "supervisor", "worker"], 200
    ),
    street_staff=200,
)
# A street office exists for its own staff only: nobody else learns of it (404).
OFFICE = expect(404, anonymous=302, street_staff=200)
RULE_MAKERS = scoped(403, committee_chair=200)
ORGANISERS = scoped(403, committee_chair=200)
RAISERS = scoped(200, tenant=403, worker=403, street_staff=403)
MEETING_CALLERS = scoped(
    403, committee_chair=200, party_secretary=200, building_head=200, street_staff=200
)
OWNER_NAMES = ["resident", "building_head", "committee_chair", "party_secretary", "supervisor"]
VOTERS = scoped(403, **dict.fromkeys([*OWNER_NAMES, "volunteer"], 200))
COLLECTOR_NAMES = ["building_head", "committee_chair", "party_secretary", "supervisor", "volunteer"]
COLLECTORS = scoped(403, **dict.fromkeys(COLLECTOR_NAMES, 200))
# Finance: the compound's residents, committees and staff read the posted ledger; the
# committees (and the account's keeper) see entries before posting and original receipts.
LEDGER_READERS = scoped(200, worker=404)
BOOKS = expect(
    404,
    anonymous=302,
    **dict.fromkeys(["committee_chair", "party_secretary", "supervisor"], 200),
)
KEEPERS = scoped(403, party_secretary=200, worker=404)
ACCOUNT_OPENERS = scoped(403, committee_chair=200, party_secretary=200, worker=404)
FINANCE_CHECKERS = scoped(403, supervisor=200, worker=404)
# An entry under review: nobody changes it, not even its keeper (who sees it, so 403).
NOT_EDITABLE = BOOKS | dict.fromkeys(["committee_chair", "party_secretary", "supervisor"], 403)
