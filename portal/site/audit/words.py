"""How the audit log reads in plain Chinese: the families of codes a reader filters by,
the verb of each code, and the names and values of the fields an event changed."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from community.models import Condition, Facility, TeamMember
from compounds.models import Body, Membership, Residency, StaffRole
from deliberation.models import Ballot, Election, OwnersVote
from finance.models import Account, Campaign, Disclosure, Entry, FeeSchedule
from requests.models import Request, Route

# What a reader filters by: a family of codes (a prefix of the dotted code).
FAMILIES: dict[str, tuple] = {
    "residencies": (
        pgettext_lazy("audit family", "Homes and voters"),
        ("compounds.residency.", "compounds.voter."),
    ),
    "roles": (
        pgettext_lazy("audit family", "Roles and committees"),
        ("compounds.building_role.", "compounds.membership.", "compounds.staff_role."),
    ),
    "ballots": (pgettext_lazy("audit family", "Votes and ballots"), ("deliberation.",)),
    "finance": (pgettext_lazy("audit family", "Finance"), ("finance.",)),
    "community": (
        pgettext_lazy("audit family", "Community life"),
        ("community.",),
    ),
    "settings": (
        pgettext_lazy("audit family", "Rules and settings"),
        ("requests.", "finance.policy.", "finance.fees.schedule", "finance.keeper."),
    ),
    # Issue 17: the service station's duty roster.
    "roster": (
        pgettext_lazy("audit family", "Duty roster"),
        ("community.shift.", "community.station."),
    ),
}

# The verb of each code: "<actor> <verb> <object>".
VERBS = {
    "compounds.residency.requested": pgettext_lazy("audit verb", "submitted"),
    "compounds.residency.verified": pgettext_lazy("audit verb", "verified"),
    "compounds.residency.rejected": pgettext_lazy("audit verb", "refused"),
    "compounds.voter.named": pgettext_lazy("audit verb", "named the voter of"),
    "compounds.voter.agreed": pgettext_lazy("audit verb", "agreed to the voter of"),
    "compounds.voter.replaced": pgettext_lazy("audit verb", "replaced the voter named for"),
    "compounds.voter.changed": pgettext_lazy("audit verb", "changed the voter of"),
    "compounds.building_role.assigned": pgettext_lazy("audit verb", "assigned"),
    "compounds.building_role.ended": pgettext_lazy("audit verb", "ended"),
    "compounds.membership.added": pgettext_lazy("audit verb", "seated"),
    "compounds.membership.ended": pgettext_lazy("audit verb", "ended"),
    "compounds.staff_role.registered": pgettext_lazy("audit verb", "reported as"),
    "compounds.staff_role.confirmed": pgettext_lazy("audit verb", "confirmed"),
    "deliberation.proxy.registered": pgettext_lazy("audit verb", "registered"),
    "deliberation.proxy.revoked": pgettext_lazy("audit verb", "revoked"),
    "deliberation.ballot.cast": pgettext_lazy("audit verb", "recorded"),
    "deliberation.ballot.refused": pgettext_lazy("audit verb", "refused"),
    "deliberation.ballot.verified": pgettext_lazy("audit verb", "checked"),
    "deliberation.vote.created": pgettext_lazy("audit verb", "created"),
    "deliberation.vote.noticed": pgettext_lazy("audit verb", "gave notice of"),
    "deliberation.vote.closed": pgettext_lazy("audit verb", "closed"),
    "deliberation.vote.result_published": pgettext_lazy("audit verb", "published the result of"),
    "deliberation.election.lots": pgettext_lazy("audit verb", "drew lots in"),
    "finance.account.open": pgettext_lazy("audit verb", "opened"),
    "finance.policy.set": pgettext_lazy("audit verb", "set"),
    "finance.keeper.appoint": pgettext_lazy("audit verb", "appointed the keeper of"),
    "finance.receipt.cover": pgettext_lazy("audit verb", "covered the private details on"),
    "finance.campaign.open": pgettext_lazy("audit verb", "started"),
    "finance.disclosure.correct": pgettext_lazy("audit verb", "corrected"),
    "finance.disclosure.approve": pgettext_lazy("audit verb", "approved"),
    "finance.disclosure.publish": pgettext_lazy("audit verb", "published"),
    "finance.entry.submit": pgettext_lazy("audit verb", "submitted for review"),
    "finance.entry.approve": pgettext_lazy("audit verb", "approved"),
    "finance.entry.return": pgettext_lazy("audit verb", "returned"),
    "finance.entry.post": pgettext_lazy("audit verb", "posted"),
    "finance.emergency_approve": pgettext_lazy("audit verb", "approved the emergency use"),
    "finance.emergency_confirm": pgettext_lazy("audit verb", "confirmed the emergency use"),
    "finance.emergency_ratify": pgettext_lazy("audit verb", "recorded the ratification of"),
    "finance.fees.schedule": pgettext_lazy("audit verb", "set the fee schedule of"),
    "finance.fees.raise": pgettext_lazy("audit verb", "raised the fees of"),
    "finance.fees.assign": pgettext_lazy("audit verb", "matched fee payments in"),
    "finance.fees.import": pgettext_lazy("audit verb", "imported fee payments into"),
    "requests.categories.customise": pgettext_lazy(
        "audit verb", "began its own request categories for"
    ),
    "requests.category.add": pgettext_lazy("audit verb", "added"),
    "requests.category.change": pgettext_lazy("audit verb", "changed"),
    "requests.category.delete": pgettext_lazy("audit verb", "deleted"),
    # Issue 17: the duty roster (community/services/roster.py).
    "community.station.opened": pgettext_lazy("audit verb", "set up"),
    "community.station.edited": pgettext_lazy("audit verb", "changed the details of"),
    "community.station.closed": pgettext_lazy("audit verb", "closed down"),
    "community.shift.arranged": pgettext_lazy("audit verb", "put on the roster"),
    "community.shift.accepted": pgettext_lazy("audit verb", "took over by a swap"),
    "community.shift.taken": pgettext_lazy("audit verb", "took over from an open offer"),
    "community.shift.reassigned": pgettext_lazy("audit verb", "gave to someone else"),
    "community.shift.cancelled": pgettext_lazy("audit verb", "cancelled"),
    "requests.service_levels.set": pgettext_lazy("audit verb", "changed the time limits of"),
    "portal.account.erased": pgettext_lazy("audit verb", "deleted and anonymised the account of"),
    "community.team.created": pgettext_lazy("audit verb", "created"),
    "community.team.applied": pgettext_lazy("audit verb", "applied to join"),
    "community.team.decided": pgettext_lazy("audit verb", "answered an application to"),
    "community.team.left": pgettext_lazy("audit verb", "left"),
    "community.team.leader_changed": pgettext_lazy("audit verb", "changed the leader of"),
    "community.team.disbanded": pgettext_lazy("audit verb", "disbanded"),
    "community.zone.created": pgettext_lazy("audit verb", "drew"),
    "community.zone.claimed": pgettext_lazy("audit verb", "claimed"),
    "community.zone.released": pgettext_lazy("audit verb", "released"),
    "community.cleanup.scheduled": pgettext_lazy("audit verb", "scheduled"),
    "community.cleanup.done": pgettext_lazy("audit verb", "recorded"),
    "community.responsibility.assigned": pgettext_lazy("audit verb", "made answerable"),
    "community.responsibility.ended": pgettext_lazy("audit verb", "ended"),
    "community.activity.published": pgettext_lazy("audit verb", "published"),
    "community.activity.cancelled": pgettext_lazy("audit verb", "cancelled"),
    "community.activity.reported": pgettext_lazy("audit verb", "reported on"),
    "community.plan.uploaded": pgettext_lazy("audit verb", "uploaded"),
    "community.facility.added": pgettext_lazy("audit verb", "registered"),
    "community.facility.imported": pgettext_lazy(
        "audit verb", "imported facilities from a spreadsheet into the register of"
    ),
    "community.facility.condition": pgettext_lazy("audit verb", "recorded the condition of"),
    "community.facility.changed": pgettext_lazy("audit verb", "changed the details of"),
    "community.facility.retired": pgettext_lazy("audit verb", "retired"),
    "community.facility.restored": pgettext_lazy("audit verb", "put back in use"),
    "community.survey.started": pgettext_lazy("audit verb", "started"),
    "community.survey.finished": pgettext_lazy("audit verb", "finished"),
}
ADMIN_VERBS = {
    "admin_add": pgettext_lazy("audit verb", "added in the admin"),
    "admin_change": pgettext_lazy("audit verb", "changed in the admin"),
    "admin_delete": pgettext_lazy("audit verb", "deleted in the admin"),
}

FIELDS = {
    "status": pgettext_lazy("audit field", "status"),
    "state": pgettext_lazy("audit field", "state"),
    "reason": pgettext_lazy("audit field", "reason"),
    "note": pgettext_lazy("audit field", "comment"),
    "relation": pgettext_lazy("audit field", "relation"),
    "start": pgettext_lazy("audit field", "from"),
    "end": pgettext_lazy("audit field", "until"),
    "kind": pgettext_lazy("audit field", "kind"),
    "holder": pgettext_lazy("audit field", "holder"),
    "user": pgettext_lazy("audit field", "person"),
    "person": pgettext_lazy("audit field", "person on duty"),
    "cancelled_at": pgettext_lazy("audit field", "cancelled at"),
    "body": pgettext_lazy("audit field", "committee"),
    "position": pgettext_lazy("audit field", "position"),
    "role": pgettext_lazy("audit field", "role"),
    "confirmed": pgettext_lazy("audit field", "confirmed"),
    "employer": pgettext_lazy("audit field", "comes from"),
    "name": pgettext_lazy("audit field", "name"),
    "route": pgettext_lazy("audit field", "handled by"),
    "hotline": pgettext_lazy("audit field", "hotline"),
    "order": pgettext_lazy("audit field", "order"),
    "amount": pgettext_lazy("audit field", "amount"),
    "direction": pgettext_lazy("audit field", "income or expense"),
    "title": pgettext_lazy("audit field", "title"),
    "emergency": pgettext_lazy("audit field", "emergency use"),
    "phone_public": pgettext_lazy("audit field", "phone shown on the board"),
    "channel": pgettext_lazy("audit field", "how it was cast"),
    "counted": pgettext_lazy("audit field", "counted"),
    "superseded": pgettext_lazy("audit field", "superseded"),
    "unit": pgettext_lazy("audit field", "home"),
    "results": pgettext_lazy("audit field", "results"),
    "heads": pgettext_lazy("audit field", "households"),
    "units": pgettext_lazy("audit field", "homes"),
    "head_rule": pgettext_lazy("audit field", "household rule"),
    "invalid_ballots_participate": pgettext_lazy(
        "audit field", "invalid ballots count as taking part"
    ),
    "basis": pgettext_lazy("audit field", "basis"),
    "target": pgettext_lazy("audit field", "target amount"),
    "digest": pgettext_lazy("audit field", "fingerprint"),
    "matched": pgettext_lazy("audit field", "matched"),
    "unmatched": pgettext_lazy("audit field", "not matched"),
    "charges": pgettext_lazy("audit field", "charges"),
    "month": pgettext_lazy("audit field", "month"),
    "rate": pgettext_lazy("audit field", "rate"),
    "boxes": pgettext_lazy("audit field", "areas covered"),
    "account": pgettext_lazy("audit field", "account"),
    "approvals": pgettext_lazy("audit field", "approvals needed"),
    "threshold": pgettext_lazy("audit field", "threshold"),
    "proxy": pgettext_lazy("audit field", "proxy"),
    "round": pgettext_lazy("audit field", "round"),
    "spoiled_reason": pgettext_lazy("audit field", "why spoiled"),
    "winners": pgettext_lazy("audit field", "elected"),
    "added": pgettext_lazy("audit field", "added"),
    "skipped": pgettext_lazy("audit field", "skipped (in the register already)"),
    "place": pgettext_lazy("audit field", "where"),
    "phone": pgettext_lazy("audit field", "phone"),
    "shifts": pgettext_lazy("audit field", "shifts ended or cancelled"),
    "code": pgettext_lazy("audit field", "code"),
    "building": pgettext_lazy("audit field", "building"),
    "zone": pgettext_lazy("audit field", "service zone"),
    "plan": pgettext_lazy("audit field", "point on the plan"),
    "condition": pgettext_lazy("audit field", "condition"),
    "leader": pgettext_lazy("audit field", "leader"),
    "team": pgettext_lazy("audit field", "team"),
}
URGENCIES = dict(Request.Urgency.choices)
# The labels of stored values, by field name.
CHOICES = {
    "status": dict(Residency.Status.choices),
    "relation": dict(Residency.Relation.choices),
    "state": dict(Entry.State.choices),
    "direction": dict(Entry.Direction.choices),
    "route": dict(Route.choices),
    "body": dict(Body.Kind.choices),
    "role": dict(StaffRole.choices),
    "position": dict(Membership.Position.choices),
}
# Where a field's values depend on the kind of object (a vote's state is not an entry's).
CHOICES_OF = {
    ("deliberation.ownersvote", "state"): dict(OwnersVote.State.choices),
    ("deliberation.ownersvote", "head_rule"): dict(OwnersVote.HeadRule.choices),
    ("deliberation.ballot", "channel"): dict(Ballot.Channel.choices),
    ("deliberation.election", "state"): dict(Election.State.choices),
    ("finance.disclosure", "state"): dict(Disclosure.State.choices),
    ("finance.account", "kind"): dict(Account.Kind.choices),
    ("finance.campaign", "basis"): dict(Campaign.Basis.choices),
    ("finance.account", "basis"): dict(FeeSchedule.Basis.choices),  # a fee schedule's
    ("community.facility", "kind"): dict(Facility.Kind.choices),
    ("community.facility", "condition"): dict(Condition.choices),
    ("community.teammember", "state"): dict(TeamMember.State.choices),
}
YES, NO = pgettext_lazy("audit value", "yes"), pgettext_lazy("audit value", "no")
NOTHING = pgettext_lazy("audit value", "none")
# Values that are ids of people, homes or accounts: named on the page (one query each).
PEOPLE_FIELDS = ("holder", "user", "approver", "person")
UNIT_FIELDS = ("unit",)
ACCOUNT_FIELDS = ("account",)
