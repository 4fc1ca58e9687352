"""The street's compounds' year of books, owners' votes and suggestions (issue 15), after
each compound's `Profile` (street.py). Books are written in bulk as portal/site/scale/
finance.py writes them — entries posted month by month, every past month closed, each ended
period's statement frozen from those entries (finance.statements.figures) and published,
mostly within its 15 days, some late, and the latest few of a badly run compound still
unpublished (late). Votes go through the deliberation services with their ballots written
in bulk (as portal/site/scale/deliberation.py), so their counts are the app's own tally;
their result notices are dated when they were given. Suggestions are answered within their
7 days, but in the compound in trouble."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from compounds.announcements.models import Announcement
from deliberation import services
from deliberation.models import OwnersVote, Suggestion
from finance import statements
from finance.models import Account, AccountKeeper, ClosedPeriod, Disclosure, Entry, EntryEvent
from portal.calendar import period_end
from portal.site.demo.street import Place
from portal.site.scale.deliberation import vote_with_ballots
from portal.site.scale.writer import Writer

ENTRY_FIELDS = (
    "id",
    "account_id",
    "direction",
    "occurred_on",
    "amount",
    "category",
    "counterparty",
    "description",
    "state",
    "created_by_id",
    "submitted_by_id",
    "submitted_at",
    "posted_at",
    "created_at",
)
DISCLOSURE_FIELDS = (
    "id",
    "account_id",
    "period_start",
    "period_end",
    "state",
    "drafted_at",
    "approved_by_id",
    "approved_at",
    "published_by_id",
    "published_at",
    "snapshot",
    "digest",
    "late_flagged_at",
)
# per month: (account kind, direction, category, counterparty, description, yuan from, to)
MONTHLY = [
    ("common_income", "income", "parking", "停车场收费", "{m}临时停车费", 1800, 4200),
    ("common_income", "income", "advertising", "电梯广告公司", "{m}电梯广告费", 600, 900),
    ("common_income", "expense", "cleaning", "保洁服务部", "{m}公共区域保洁", 900, 1500),
    ("maintenance_fund", "income", "interest", "住房公积金中心", "{m}维修资金利息", 120, 260),
]
VOTES = [
    "更换小区监控设备",
    "维修地下车库排水",
    "增设电动车充电桩",
    "屋面防水维修",
    "改造儿童游乐场",
    "更换单元门禁",
]
METHOD = "网上投票；不会用手机的业主，由楼栋长上门收取签字的书面表决票。"
SUGGESTIONS = [
    "建议在小区门口增设快递柜",
    "希望晚上十点后广场舞音响调小一点",
    "建议增加电动车充电桩",
    "楼道里的小广告希望定期清理",
    "建议在健身区装一盏灯",
]
ANSWER = "感谢建议，业委会已讨论，将在下月的业主代表会议上提出。"


def _months_back(today: date, n: int) -> date:
    month = today.replace(day=1)
    for _ in range(n):
        month = (month - timedelta(days=1)).replace(day=1)
    return month


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed_books(places: list[Place], writer: Writer, now: datetime) -> None:
    today = timezone.localdate(now)
    opened = _months_back(today, 13)
    accounts = Account.objects.bulk_create(
        Account(
            compound=p.compound,
            kind=kind,
            name=name,
            opening_balance=Decimal(balance),
            opened_on=opened,
            cadence=cadence,
        )
        for p in places
        for kind, name, balance, cadence in (
            ("common_income", "公共收益", "8600.00", Account.Cadence.MONTHLY),
            ("maintenance_fund", "专项维修资金", "168000.00", Account.Cadence.HALF_YEARLY),
        )
    )
    keepers = {p.compound.pk: p.chair.pk for p in places}
    AccountKeeper.objects.bulk_create(
        AccountKeeper(account=a, holder_id=keepers[a.compound_id], start=opened) for a in accounts
    )
    by_kind = {(a.compound_id, a.kind): a for a in accounts}
    rows, events, closed = [], [], []
    for place in places:
        rng, keeper = place.rng, place.chair.pk
        month, n = opened, 0
        while month <= today:
            label = f"{month:%Y年%m月}"
            for kind, direction, category, party, text, low, high in MONTHLY:
                day = min(month + timedelta(days=rng.randrange(3, 25)), today)
                moment = _at(day)
                rows.append(
                    (
                        by_kind[(place.compound.pk, kind)].pk,
                        direction,
                        day,
                        Decimal(rng.randrange(low * 100, high * 100)) / 100,
                        category,
                        party,
                        text.format(m=label),
                        "posted",
                        keeper,
                        keeper,
                        moment,
                        moment,
                        moment,
                    )
                )
                n += 1
            nxt = statements.next_month(month)
            if nxt <= today:
                closed.append(
                    ClosedPeriod(
                        compound=place.compound,
                        month=month,
                        closed_by_id=keeper,
                        closed_at=_at(nxt + timedelta(days=2)),
                    )
                )
            month = nxt
    ids = writer.ids(Entry, len(rows))
    writer.write(Entry, ENTRY_FIELDS, ((pk, *row) for pk, row in zip(ids, rows, strict=True)))
    for pk, row in zip(ids, rows, strict=True):
        events += [
            (pk, row[8], "create", "", "draft", row[12]),
            (pk, row[8], "post", "approved", "posted", row[12]),
        ]
    event_ids = writer.ids(EntryEvent, len(events))
    writer.write(
        EntryEvent,
        ("id", "entry_id", "actor_id", "action", "from_state", "to_state", "created_at"),
        ((pk, *e) for pk, e in zip(event_ids, events, strict=True)),
    )
    ClosedPeriod.objects.bulk_create(closed)
    _disclosures(places, writer, by_kind, now)


def _disclosures(places, writer, by_kind, now) -> None:
    """Each ended period's statement: published (on time, or late by the profile), but the
    common income's latest `unpublished` periods past their due time, drafts flagged late."""
    today = timezone.localdate(now)
    rows = []
    for place in places:
        rng, chair = place.rng, place.chair.pk
        for kind in ("common_income", "maintenance_fund"):
            account = by_kind[(place.compound.pk, kind)]
            periods = statements.ended_periods(account, today)
            for n, (start, end) in enumerate(periods):
                drafted, due = _at(end + timedelta(days=3), 3), statements.due_by(end)
                if drafted > now:
                    continue  # beat drafts it once its months are closed
                late = kind == "common_income" and n >= len(periods) - place.profile.unpublished
                if late or due > now and rng.random() < 0.5:
                    flagged = due + timedelta(minutes=2) if due < now else None
                    rows.append(
                        (
                            account.pk,
                            start,
                            end,
                            "draft",
                            drafted,
                            None,
                            None,
                            None,
                            None,
                            None,
                            "",
                            flagged,
                        )
                    )
                    continue
                if rng.random() < place.profile.published_late:
                    published = due + timedelta(days=rng.uniform(1, 20))
                else:
                    published = drafted + timedelta(days=rng.uniform(1, 9))
                published = min(published, now - timedelta(hours=2))
                flagged = due + timedelta(minutes=2) if published > due else None
                snapshot = statements.figures(account, start, end)
                rows.append(
                    (
                        account.pk,
                        start,
                        end,
                        "published",
                        drafted,
                        chair,
                        published,
                        chair,
                        published,
                        snapshot,
                        statements.digest_of(snapshot),
                        flagged,
                    )
                )
    ids = writer.ids(Disclosure, len(rows))
    writer.write(Disclosure, DISCLOSURE_FIELDS, ((pk, *r) for pk, r in zip(ids, rows, strict=True)))


def seed_votes(places: list[Place], writer: Writer, now: datetime) -> None:
    """The profile's closed owners' votes, spread over the year (the last a month or more
    ago), through the services; ballots in bulk from the frozen roll."""
    for place in places:
        rng = place.rng
        ends = sorted(
            now - timedelta(days=rng.uniform(30, 330)) for _ in range(place.profile.votes)
        )
        for closes in ends:
            _vote(place, closes - timedelta(days=7), closes, writer, rng)


def _vote(place: Place, opens, closes, writer: Writer, rng) -> None:
    vote = vote_with_ballots(
        place.chair, place.compound, rng.choice(VOTES), opens, closes, writer, rng,
        place.profile.turnout,
    )  # fmt: skip
    services.vote_close(vote_id=vote.pk, now=closes)
    notice = services.vote_result_publish(vote_id=vote.pk)
    if notice is not None:  # given the day after it closed, not today
        Announcement.objects.filter(pk=notice.pk).update(published_at=closes + timedelta(hours=20))
    OwnersVote.objects.filter(pk=vote.pk).update(created_at=opens - timedelta(days=18))


def seed_suggestions(places: list[Place], now: datetime) -> None:
    """A few suggestions a year, answered within their days; the profile's late ones open."""
    rows = []
    for place in places:
        rng, authors = place.rng, sorted(set(place.owners.values()))
        late = place.profile.suggestions_late
        for n in range(3 + late):
            made = now - timedelta(days=rng.uniform(12, 40) if n < late else rng.uniform(20, 330))
            due = period_end(made, 7)
            s = Suggestion(
                compound=place.compound,
                author_id=rng.choice(authors),
                text=rng.choice(SUGGESTIONS),
                answer_due=due,
                created_at=made,
            )
            if n < late:
                s.reminded_at, s.escalated_at = due - timedelta(days=2), due + timedelta(minutes=5)
            else:
                s.answer, s.answered_by = ANSWER, place.chair
                s.answered_at = made + timedelta(days=rng.uniform(0.5, 5))
            rows.append(s)
    Suggestion.objects.bulk_create(rows)
