"""What each audited object is called in the log ("18栋 2单元 301 的住户登记"). The objects
of one page are read in one query per kind of object, so a page's queries do not grow with
its rows; an object since deleted is named by its kind and number."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from community.models import (
    Activity,
    Cleanup,
    CompoundPlan,
    Facility,
    Responsibility,
    Shift,
    Station,
    Survey,
    Team,
    TeamMember,
    Zone,
)
from compounds.models import (
    BuildingRole,
    Compound,
    Membership,
    Residency,
    RoleAssignment,
    VoterNomination,
)
from deliberation.models import Ballot, Election, OwnersVote, Proxy
from finance.models import Account, Campaign, Disclosure, Entry, FinancePolicy, Receipt
from portal.models import AuditEvent
from requests.models import Category


@dataclass(frozen=True)
class Kind:
    label: object  # what the object filter calls this kind
    rows: Callable[[], QuerySet]
    name: Callable[[object], str]


def _home(r) -> str:
    return _("the home registration of %(unit)s") % {"unit": r.unit}


def _entry(e) -> str:
    return _("entry No. %(n)s (%(who)s, %(amount)s yuan)") % {
        "n": e.pk,
        "who": e.counterparty,
        "amount": e.amount,
    }


KINDS: dict[str, Kind] = {
    "compounds.residency": Kind(
        pgettext_lazy("audit object", "home registration"),
        lambda: Residency.objects.select_related("unit__building").only(
            "unit__building__name", "unit__entrance", "unit__door"
        ),
        _home,
    ),
    "compounds.voternomination": Kind(
        pgettext_lazy("audit object", "voter of a home"),
        lambda: VoterNomination.objects.select_related("unit__building"),
        lambda n: _("the voter of %(unit)s") % {"unit": n.unit},
    ),
    "compounds.buildingrole": Kind(
        pgettext_lazy("audit object", "building role"),
        lambda: BuildingRole.objects.select_related("building", "kind", "holder"),
        lambda r: (
            _("%(role)s of %(building)s (%(name)s)")
            % {"role": r.kind, "building": r.building.name, "name": r.holder}
        ),
    ),
    "compounds.membership": Kind(
        pgettext_lazy("audit object", "committee seat"),
        lambda: Membership.objects.select_related("body", "user"),
        lambda m: (
            _("%(name)s's seat on the %(body)s")
            % {"name": m.user, "body": m.body.get_kind_display()}
        ),
    ),
    "compounds.roleassignment": Kind(
        pgettext_lazy("audit object", "staff role"),
        lambda: RoleAssignment.objects.select_related("user"),
        lambda r: f"{r.user} · {r.get_role_display()}",
    ),
    "compounds.compound": Kind(
        pgettext_lazy("audit object", "compound"),
        lambda: Compound.objects.only("name"),
        lambda c: c.name,
    ),
    "deliberation.ownersvote": Kind(
        pgettext_lazy("audit object", "owners' vote"),
        lambda: OwnersVote.objects.only("title"),
        lambda v: _("the vote “%(title)s”") % {"title": v.title},
    ),
    "deliberation.ballot": Kind(
        pgettext_lazy("audit object", "ballot"),
        lambda: Ballot.objects.select_related("unit__building", "vote").only(
            "unit__building__name", "unit__entrance", "unit__door", "vote__title"
        ),
        lambda b: (
            _("the ballot of %(unit)s in “%(title)s”") % {"unit": b.unit, "title": b.vote.title}
        ),
    ),
    "deliberation.proxy": Kind(
        pgettext_lazy("audit object", "proxy letter"),
        lambda: Proxy.objects.select_related("unit__building", "vote").only(
            "unit__building__name", "unit__entrance", "unit__door", "vote__title"
        ),
        lambda p: (
            _("the proxy letter of %(unit)s in “%(title)s”")
            % {"unit": p.unit, "title": p.vote.title}
        ),
    ),
    "deliberation.election": Kind(
        pgettext_lazy("audit object", "election"),
        lambda: Election.objects.only("seats", "term_start"),
        lambda e: _("the election of %(year)s") % {"year": e.term_start.year},
    ),
    "finance.account": Kind(
        pgettext_lazy("audit object", "account"),
        lambda: Account.objects.only("name"),
        lambda a: a.name,
    ),
    "finance.financepolicy": Kind(
        pgettext_lazy("audit object", "finance rules"),
        lambda: FinancePolicy.objects.only("pk"),
        lambda p: _("the finance rules"),
    ),
    "finance.entry": Kind(
        pgettext_lazy("audit object", "ledger entry"),
        lambda: Entry.objects.only("counterparty", "amount"),
        _entry,
    ),
    "finance.receipt": Kind(
        pgettext_lazy("audit object", "receipt"),
        lambda: Receipt.objects.only("entry_id"),
        lambda r: _("a receipt of entry No. %(n)s") % {"n": r.entry_id},
    ),
    "finance.disclosure": Kind(
        pgettext_lazy("audit object", "disclosure"),
        lambda: Disclosure.objects.select_related("account").only(
            "period_start", "period_end", "account__name"
        ),
        lambda d: (
            _("the disclosure of %(account)s for %(start)s–%(end)s")
            % {"account": d.account.name, "start": d.period_start, "end": d.period_end}
        ),
    ),
    "finance.campaign": Kind(
        pgettext_lazy("audit object", "campaign"),
        lambda: Campaign.objects.only("title"),
        lambda c: _("the campaign “%(title)s”") % {"title": c.title},
    ),
    "community.team": Kind(
        pgettext_lazy("audit object", "volunteer team"),
        lambda: Team.objects.only("name"),
        lambda t: _("the team “%(name)s”") % {"name": t.name},
    ),
    "community.teammember": Kind(
        pgettext_lazy("audit object", "team member"),
        lambda: TeamMember.objects.select_related("team", "user"),
        lambda m: _("%(person)s in the team “%(team)s”") % {"person": m.user, "team": m.team.name},
    ),
    "community.zone": Kind(
        pgettext_lazy("audit object", "service zone"),
        lambda: Zone.objects.only("name"),
        lambda z: _("the zone “%(name)s”") % {"name": z.name},
    ),
    "community.cleanup": Kind(
        pgettext_lazy("audit object", "clean-up"),
        lambda: Cleanup.objects.select_related("zone"),
        lambda c: (
            _("the clean-up of “%(zone)s” in %(month)s")
            % {"zone": c.zone.name, "month": c.month.strftime("%Y-%m")}
        ),
    ),
    "community.responsibility": Kind(
        pgettext_lazy("audit object", "responsibility"),
        lambda: Responsibility.objects.select_related("person", "building"),
        lambda r: (
            _("%(person)s answerable for %(matter)s in %(building)s")
            % {"person": r.person, "matter": r.get_matter_display(), "building": r.building}
        ),
    ),
    "community.activity": Kind(
        pgettext_lazy("audit object", "activity"),
        lambda: Activity.objects.only("title"),
        lambda a: _("the activity “%(title)s”") % {"title": a.title},
    ),
    "community.compoundplan": Kind(
        pgettext_lazy("audit object", "plan of the compound"),
        lambda: CompoundPlan.objects.select_related("compound"),
        lambda p: _("the plan of %(compound)s") % {"compound": p.compound.name},
    ),
    "community.facility": Kind(
        pgettext_lazy("audit object", "facility"),
        lambda: Facility.objects.only("kind", "code"),
        lambda f: str(f),
    ),
    "community.survey": Kind(
        pgettext_lazy("audit object", "survey"),
        lambda: Survey.objects.only("title"),
        lambda v: _("the survey “%(title)s”") % {"title": v.title},
    ),
    "community.station": Kind(
        pgettext_lazy("audit object", "service station"),
        lambda: Station.objects.only("name"),
        lambda s: _("the service station “%(name)s”") % {"name": s.name},
    ),
    "community.shift": Kind(
        pgettext_lazy("audit object", "duty shift"),
        lambda: Shift.objects.select_related("station").only("station__name", "start", "end"),
        lambda s: (
            _("the duty shift of %(station)s, %(when)s")
            % {
                "station": s.station.name,
                "when": timezone.localtime(s.start).strftime("%m-%d %H:%M"),
            }
        ),
    ),
    "repair_requests.category": Kind(
        pgettext_lazy("audit object", "request category"),
        lambda: Category.objects.only("name"),
        lambda c: _("the request category “%(name)s”") % {"name": c.name},
    ),
}


def gone(target_type: str, target_id: int) -> str:
    kind = KINDS.get(target_type)
    label = kind.label if kind else target_type
    return _("%(kind)s No. %(n)s (deleted)") % {"kind": label, "n": target_id}


def describe(events: Iterable[AuditEvent]) -> dict[tuple[str, int], str]:
    """The name of every event's object, one query per kind present."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        wanted[event.target_type].add(event.target_id)
    names = {}
    for target_type, ids in wanted.items():
        kind = KINDS.get(target_type)
        found = {o.pk: kind.name(o) for o in kind.rows().filter(pk__in=ids)} if kind else {}
        for pk in ids:
            names[target_type, pk] = found.get(pk) or gone(target_type, pk)
    return names
