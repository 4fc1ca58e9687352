"""Every event type of the project, in one registry: its texts (English source, Chinese in
locale/) and its default extra channels. In-app is always on; SMS by default only for a
person's own requests' key changes, votes opening and closing, and urgent notices.

Texts take `%(name)s` parameters from the notification's `params`; they are rendered in the
reader's language when shown, and in Chinese for SMS.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventType:
    code: str
    label: str  # shown on the preferences page
    title: str
    body: str = ""
    sms: bool = False
    email: bool = False
    # Parameters stored as codes and shown as words in the reader's language:
    # {parameter: {code: text}} (a code not listed is shown as stored).
    words: dict = field(default_factory=dict)
    # Parameters passed as lazy labels (a state, a stage, a default category), kept as
    # their English source text and shown translated; every other value (a title, a
    # name, a note someone typed) is shown as stored.
    labels: tuple = ()
    # Titles worded for what happened, by the `what` parameter (the action); the title
    # above serves for any other.
    titles: dict = field(default_factory=dict)

    def _render(self, template, params: dict) -> str:
        if not template:
            return ""
        shown = defaultdict(str, params)
        for name in self.labels:
            if isinstance(params.get(name), str) and params[name]:
                shown[name] = str(_(params[name]))
        for name, texts in self.words.items():
            if params.get(name) in texts:
                shown[name] = texts[params[name]]
        return str(template) % shown

    def render_title(self, params: dict) -> str:
        return self._render(self.titles.get(params.get("what"), self.title), params)

    def render_body(self, params: dict) -> str:
        return self._render(self.body, params)


EVENTS: dict[str, EventType] = {}


def register(event: EventType) -> EventType:
    if event.code in EVENTS:
        raise ValueError(f"event {event.code} is declared twice")
    EVENTS[event.code] = event
    return event


register(
    EventType(
        "residency.verified",
        _("My home was verified"),
        _("Your home %(place)s has been verified."),
        sms=True,
    )
)
register(
    EventType(
        "residency.rejected",
        _("My home was not verified"),
        _("Your request for %(place)s was not accepted: %(reason)s"),
        sms=True,
    )
)
register(
    EventType(
        "residency.co_owner_added",
        _("Another owner of my home was verified"),
        _(
            "%(who)s was verified as an owner of %(place)s. If this is wrong, tell the "
            "owners' committee."
        ),
        sms=True,
    )
)
# 法释〔2009〕7号 第九条: co-owners agree on who casts their home's ballot.
register(
    EventType(
        "residency.voter_named",
        _("Co-owners naming who votes for our home"),
        _(
            "%(who)s named %(voter)s to vote for %(place)s. Confirm, or keep the present "
            "voter, on “My homes”."
        ),
        sms=True,
    )
)
register(
    EventType(
        "residency.voter_changed",
        _("Who votes for our home changed"),
        _("%(voter)s now votes for %(place)s: the owners' written agreement was verified."),
        sms=True,
    )
)
register(
    EventType(
        "announcement.published",
        _("New notices"),
        _("Notice: %(title)s"),
        _("%(publisher)s published a notice for %(audience)s."),
    )
)
register(
    EventType(
        "announcement.urgent",
        _("Urgent notices"),
        _("Urgent notice: %(title)s"),
        _("%(publisher)s published an urgent notice for %(audience)s."),
        sms=True,
    )
)
register(
    EventType(
        "request.new",
        _("New requests for me to handle"),
        _("New request #%(id)s: %(category)s"),
        labels=("category",),
    )
)
register(
    EventType(
        "request.changed",
        _("My requests changed"),
        _("Request #%(id)s (%(category)s) is now %(state)s."),
        sms=True,
        labels=("category", "state"),
        titles={
            "accept": _("Request #%(id)s (%(category)s) was accepted by %(who)s."),
            "assign": _("Request #%(id)s (%(category)s) was dispatched to %(handler)s."),
            "transfer": _("Request #%(id)s (%(category)s) was passed to %(handler)s."),
            "claim": _("Request #%(id)s (%(category)s) was taken on by %(who)s."),
            "start": _("Work on request #%(id)s (%(category)s) has started."),
            "resolve": _("Request #%(id)s (%(category)s) was resolved by %(who)s."),
            "confirm": _("Request #%(id)s (%(category)s) was confirmed done and closed."),
            "close_by_visit": _(
                "Request #%(id)s (%(category)s) was closed with the rating given on the "
                "return visit."
            ),
            "auto_close": _(
                "Request #%(id)s (%(category)s) was closed: nobody confirmed it in time."
            ),
            "reject": _("Request #%(id)s (%(category)s) was turned down: %(note)s"),
            "reopen": _("Request #%(id)s (%(category)s) was reopened: %(note)s"),
            "appeal": _(
                "Request #%(id)s (%(category)s) was appealed to the owners' committee: %(note)s"
            ),
            "hand_over": _(
                "Request #%(id)s (%(category)s) was handed over to another handler: %(note)s"
            ),
        },
    )
)
register(
    EventType(
        "request.resolved",
        _("My requests resolved, to confirm"),
        _("Request #%(id)s (%(category)s) is resolved. Please confirm and rate."),
        _("Please confirm and rate: tell us whether it is done and how well."),
        sms=True,
        labels=("category",),
    )
)
register(
    EventType(
        "request.assigned",
        _("Requests dispatched to me"),
        _("Request #%(id)s (%(category)s) is dispatched to you."),
        sms=True,
        labels=("category",),
    )
)
# Why a request climbed the ladder (requests/escalation.py `reason`), and to whom.
ESCALATION_WORDS = {
    "reason": {
        "accept": _("not accepted in time"),
        "on_site": _("nobody on site in time"),
        "resolve": _("not resolved in time"),
        "appeal": _("the resident appealed"),
    },
    "rung": {
        "committee": _("the owners' committee"),
        "community": _("the community"),
        "street_office": _("the street office"),
    },
}
register(
    EventType(
        "request.escalated",
        _("Requests escalated to us"),
        _("Request #%(id)s (%(category)s) is escalated to you: %(reason)s."),
        words=ESCALATION_WORDS,
        labels=("category",),
    )
)
register(
    EventType(
        "request.passed_up",
        _("My requests passed up to a higher level"),
        _("Request #%(id)s (%(category)s) was passed up to %(rung)s: %(reason)s."),
        sms=True,
        words=ESCALATION_WORDS,
        labels=("category",),
    )
)
register(
    EventType(
        "request.progress",
        _("Departments working on my requests"),
        _("Request #%(id)s (%(category)s): %(what)s."),
        words={
            "what": {
                "whistle": _("the street office summoned a department to it"),
                "report_in": _("a summoned department reported in"),
                "respond": _("a summoned department responded"),
                "arrive": _("someone is on site"),
                "hand_over": _("it was handed over to another handler"),
                "transfer": _("it was passed to another person to handle"),
            }
        },
        labels=("category",),
    )
)
register(
    EventType(
        "request.summoned",
        _("Requests the street office summons us to"),
        _("The street office summons you to request #%(id)s (%(category)s): report in."),
        sms=True,
        labels=("category",),
    )
)
register(
    EventType(
        "request.answered",
        _("Departments reporting in and responding"),
        _("A department answered on request #%(id)s (%(category)s)."),
        labels=("category",),
    )
)
register(
    EventType(
        "request.whistle_overdue",
        _("Summoned departments past their deadline"),
        _("Request #%(id)s (%(category)s): %(department)s is past its deadline."),
        labels=("category",),
    )
)


register(
    EventType(
        "proposal.moved",
        _("Proposals of my compound move to a new stage"),
        _("Proposal “%(title)s” has moved on to the stage: %(stage)s."),
        labels=("stage",),
    )
)
register(
    EventType(
        "proposal.petition_met",
        _("Petitions reaching their signatures"),
        _("The petition %(title)s has enough signatures: put it on the agenda."),
    )
)
register(
    EventType(
        "proposal.held",
        _("Holds by the supervisory committee"),
        _("The supervisory committee holds %(title)s: answer before it moves on."),
    )
)
register(
    EventType(
        "meeting.minutes",
        _("Minutes of meetings"),
        _("Minutes published: %(title)s"),
    )
)
register(
    EventType(
        "meeting.minutes_late",
        _("Minutes not published in time"),
        _("%(compound)s: the minutes of %(title)s were due by %(due)s and are not published."),
    )
)
register(
    EventType(
        "meeting.minutes_due",
        _("Minutes I still owe"),
        _("Publish the minutes of %(title)s by %(due)s."),
    )
)
register(EventType("suggestion.new", _("New suggestions to answer"), _("New suggestion: %(text)s")))
register(
    EventType(
        "suggestion.reminder",
        _("Suggestions about to be late"),
        _("Answer the suggestion “%(text)s”: two days are left."),
    )
)
register(
    EventType(
        "suggestion.overdue",
        _("Suggestions the committee did not answer in time"),
        _("%(compound)s: the suggestion “%(text)s” is unanswered past its deadline."),
    )
)
register(
    EventType(
        "suggestion.answered",
        _("Answers to my suggestions"),
        _("Your suggestion “%(text)s” has an answer."),
        sms=True,
    )
)
register(
    EventType(
        "election.due",
        _("Owners' committee elections coming due"),
        _("%(compound)s: the owners' committee's term ends on %(end)s; organise the election."),
    )
)
register(
    EventType(
        "finance.entry",
        _("Entries of the books I keep or review"),
        _("Entry #%(number)s of %(account)s: %(what)s."),
        words={
            "what": {
                "submitted": _("waiting for your review"),
                "returned": _("returned with a comment"),
                "posted": _("approved and posted"),
                "emergency_approve": _("an emergency use waiting for the owners' committee"),
                "emergency_confirm": _("an emergency use waiting for community staff"),
                "emergency_ready": _("the emergency use is approved and confirmed: submit it"),
            }
        },
    )
)
register(
    EventType(
        "finance.disclosure",
        _("Financial disclosures to approve or publish"),
        _("The disclosure of %(account)s for %(period)s: %(what)s."),
        words={
            "what": {
                "drafted": _("drafted, waiting for the supervisory committee"),
                "approved": _("approved, ready to publish"),
                "late": _("not published by its due date"),
                "never_drafted": _(
                    "past its due date and not even drafted: its months are not closed"
                ),
            }
        },
    )
)
register(
    EventType(
        "finance.question",
        _("Questions on financial disclosures"),
        _("%(compound)s, %(account)s %(period)s: %(what)s."),
        words={
            "what": {
                "asked": _("an owner asked a question; answer it publicly"),
                "answered": _("your question has a public answer"),
                "unanswered": _("a question is unanswered past its objection window"),
            }
        },
    )
)
register(
    EventType(
        "finance.campaign",
        _("Campaigns asking my home to agree"),
        _("%(compound)s: “%(title)s” asks your home to agree or decline by %(deadline)s."),
    )
)
# Activities (issue 17, community life) ---------------------------------------------------
register(
    EventType(
        "activity.moved_up",
        _("A place at an activity I was waiting for"),
        _("A place opened at “%(title)s” (%(when)s): you are signed up."),
        sms=True,
    )
)
register(
    EventType(
        "activity.reminder",
        _("Reminders of activities I signed up for"),
        _("Reminder: “%(title)s” starts %(when)s at %(place)s."),
    )
)
register(
    EventType(
        "activity.cancelled",
        _("Activities I signed up for that are cancelled"),
        _("“%(title)s” (%(when)s) is cancelled."),
    )
)
# The duty roster of a service station (issue 17, community/services/roster.py).
register(
    EventType(
        "roster.shift",
        _("My duty shifts"),
        _("%(station)s, %(when)s: the shift changed."),
        titles={
            "arranged": _("%(station)s, %(when)s: you are on duty."),
            "reassigned": _("%(station)s, %(when)s: the shift is now yours."),
            "relieved": _("%(station)s, %(when)s: %(who)s is on duty instead of you."),
            "cancelled": _("%(station)s, %(when)s: the shift is cancelled."),
            "offered": _("%(station)s, %(when)s: %(who)s asks you to take this shift."),
            "accepted": _("%(station)s, %(when)s: %(who)s took your shift."),
            "offered_open": _(
                "%(station)s, %(when)s: %(who)s is looking for someone to take this shift."
            ),
            "taken": _("%(station)s, %(when)s: %(who)s took your shift from your offer."),
            "closed": _(
                "%(station)s has closed (%(reason)s): your shifts there from now on are cancelled."
            ),
            "declined": _(
                "%(station)s, %(when)s: %(who)s cannot take your shift; it is still yours."
            ),
        },
    )
)
register(
    EventType(
        "roster.reminder",
        _("Reminders before my duty shifts"),
        _("Reminder: you are on duty at %(station)s, %(when)s (%(where)s)."),
        sms=True,
    )
)
