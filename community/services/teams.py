"""Volunteer teams: create, apply, accept or decline, leave, hand over to a new leader,
disband. Each change of a member's state locks the member's row and is audited; the
leader and the applicant are told. Who leads the team and whether it still exists change
only under the team's row lock (`_locked`), which applying and leaving take too: two
hand-overs at once leave one leader, and that leader is a member."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community import extras
from community.models import Team, TeamMember
from community.models.teams import DISBAND_REASON_LIMIT
from community.permissions.teams import (
    REFUSE_JOIN,
    REFUSE_MANAGE,
    may_create_community_team,
    may_join,
    may_join_place,
    may_manage_team,
    require_create,
)
from community.services.zones import zones_release_of_team
from compounds.models import Compound
from portal.audit import audit
from portal.notifications.services import notify
from portal.text import written

State = TeamMember.State


def _locked(team: Team) -> Team:
    """The team's row, locked for the transaction and read afresh (its leader and whether
    it was disbanded, as they are now). Read alone: PostgreSQL re-reads a locked row that
    another transaction changed, but not the rows joined to it, so a join on the leader
    would lose the row once the leader changed. Its place (which never changes) is the
    one already read."""
    locked = Team.objects.select_for_update().get(pk=team.pk)
    locked.compound, locked.community = team.compound, team.community
    return locked


def _active(locked: Team) -> Team:
    if locked.disbanded_at is not None:
        raise ValidationError(_("This team has been disbanded."), code="disbanded")
    return locked


def team_create(
    *,
    by,
    compound: Compound,
    name: str,
    kind: str,
    leader,
    description: str = "",
    community_wide: bool = False,
) -> Team:
    """A new team of the compound (or, by community staff, of its whole community) with
    its leader as its first member. The leader must be someone who may join it."""
    community = compound.community
    if community_wide:
        if not may_create_community_team(by, community):
            raise PermissionDenied
    else:
        require_create(by, compound)
    name = written(name, limit=40, code="name", blank=_("Give the team a name."))
    description = written(description, limit=1000, code="description")
    if kind not in Team.Kind.values:
        raise ValidationError(_("Choose what kind of team it is."), code="kind")
    if not may_join_place(leader, None if community_wide else compound, community):
        raise ValidationError(_("The leader must live in or serve this compound."), code="leader")
    place = {"community": community} if community_wide else {"compound": compound}
    now = timezone.now()
    try:
        with transaction.atomic():
            team = Team.objects.create(
                name=name, kind=kind, description=description, leader=leader, **place
            )
            TeamMember.objects.create(
                team=team, user=leader, state=State.MEMBER, applied_at=now, joined_at=now
            )
            audit(
                actor=by,
                code="community.team.created",
                target=team,
                compound=compound,
                new={"name": name, "leader": str(leader)},
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("There is already a team with this name here."), code="name"
        ) from exc
    return team


def team_apply(*, team: Team, user, note: str = "") -> TeamMember:
    """Ask to join: a new application, or again after declining or leaving. The leader is
    told. Someone already a member or waiting is told so."""
    if not may_join(user, team):
        raise PermissionDenied(REFUSE_JOIN)
    note = written(note, limit=200, code="note")
    with transaction.atomic():
        _active(_locked(team))
        member, _created = TeamMember.objects.select_for_update().get_or_create(
            team=team, user=user, defaults={"state": State.APPLIED, "note": note}
        )
        if not _created:
            if member.state == State.MEMBER:
                raise ValidationError(_("You are already in this team."), code="member")
            if member.state == State.APPLIED:
                raise ValidationError(_("You have already applied."), code="applied")
            member.state, member.note = State.APPLIED, note
            member.applied_at, member.joined_at, member.left_at = timezone.now(), None, None
            member.save(update_fields=["state", "note", "applied_at", "joined_at", "left_at"])
        audit(
            actor=user,
            code="community.team.applied",
            target=member,
            compound=team.compound_id,
            new={"state": State.APPLIED},
        )
        notify(
            recipients=[team.leader_id],
            event="community.team_applied",
            params={"team": team.name, "who": str(user)},
            url=reverse("community:team", args=[team.pk]),
            key=f"team-apply-{member.pk}-{member.applied_at.timestamp():.0f}",
        )
    return member


def team_decide(*, team: Team, member_id: int, by, accept: bool) -> TeamMember:
    """The leader (or the compound's leads) accepts or declines an application, under the
    member row's lock: two taps, or a leader and a committee member at once, decide once."""
    if not may_manage_team(by, team):
        raise PermissionDenied
    with transaction.atomic():
        member = TeamMember.objects.select_for_update().filter(pk=member_id, team=team).first()
        if member is None or member.state != State.APPLIED:
            raise ValidationError(_("This application has already been answered."), code="state")
        member.state = State.MEMBER if accept else State.DECLINED
        member.joined_at = timezone.now() if accept else None
        member.save(update_fields=["state", "joined_at"])
        audit(
            actor=by,
            code="community.team.decided",
            target=member,
            compound=team.compound_id,
            old={"state": State.APPLIED},
            new={"state": member.state},
        )
        notify(
            recipients=[member.user_id],
            event="community.team_decided",
            params={"team": team.name, "what": "accepted" if accept else "declined"},
            url=reverse("community:team", args=[team.pk]),
        )
    return member


def team_leave(*, team: Team, user) -> TeamMember:
    """A member leaves (or an applicant withdraws). The leader hands the team over first:
    the team's row is locked and its leader read afresh, so a member just handed the team
    cannot leave it without a leader."""
    with transaction.atomic():
        if _locked(team).leader_id == user.pk:
            raise ValidationError(
                _("The leader cannot leave: hand the team over to a member first."),
                code="leader",
            )
        member = TeamMember.objects.select_for_update().filter(team=team, user=user).first()
        if member is None or member.state not in (State.MEMBER, State.APPLIED):
            raise ValidationError(_("You are not in this team."), code="state")
        old = member.state
        member.state, member.left_at = State.LEFT, timezone.now()
        member.save(update_fields=["state", "left_at"])
        audit(
            actor=user,
            code="community.team.left",
            target=member,
            compound=team.compound_id,
            old={"state": old},
            new={"state": State.LEFT},
        )
    return member


def _manage_locked(team: Team, by) -> Team:
    """The team locked, still there, and `by` still one who manages it: a leader who has
    just handed it over (another tap, another tab) is told so rather than acting again."""
    locked = _active(_locked(team))
    if not may_manage_team(by, locked):
        raise ValidationError(
            _("The team's leader has just changed. Look at the team's page again."),
            code="leader_changed",
        )
    return locked


def _member_ids(team: Team) -> list[int]:
    return list(
        TeamMember.objects.filter(team=team, state=State.MEMBER).values_list("user_id", flat=True)
    )


def team_hand_over(*, team: Team, by, member_id: int) -> Team:
    """The leader hands the team to one of its current members, or those who may create
    teams there name a new leader from the members (a leader who moved away). The old
    leader stays a member. Under the team's row lock, and the chosen member's: two
    hand-overs at once are one after the other, and the second sees the first's leader;
    a member who leaves meanwhile is not made leader. The new leader and the members are
    told; audited."""
    if not may_manage_team(by, team):
        raise PermissionDenied(REFUSE_MANAGE)
    with transaction.atomic():
        locked = _manage_locked(team, by)
        member = (
            TeamMember.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=member_id, team=locked)
            .first()
        )
        if member is None or member.state != State.MEMBER:
            raise ValidationError(_("Choose one of the team's members."), code="member")
        if member.user_id == locked.leader_id:
            raise ValidationError(_("This member already leads the team."), code="same")
        old = locked.leader
        locked.leader = member.user
        locked.save(update_fields=["leader"])
        audit(
            actor=by,
            code="community.team.leader_changed",
            target=locked,
            compound=locked.compound_id,
            old={"leader": str(old)},
            new={"leader": str(member.user)},
        )
        url = reverse("community:team", args=[locked.pk])
        params = {"team": locked.name, "who": str(member.user)}
        notify(
            recipients=[member.user_id],
            event="community.team_leader",
            params=params | {"what": "you"},
            url=url,
        )
        notify(
            recipients=set(_member_ids(locked)) - {member.user_id, by.pk},
            event="community.team_leader",
            params=params,
            url=url,
        )
    return locked


def team_disband(*, team: Team, by, reason: str) -> Team:
    """The leader, or those who may create teams there, disband the team with a short
    reason. Under the team's row lock, in one transaction: the team is marked disbanded
    (it leaves every list; its page is kept for those who managed it), applications still
    waiting are closed, the zones it keeps are freed (zones' history), the other areas do
    their part (community.extras: activities call off its coming ones), and the members
    and applicants are told. Audited. Disbanding twice is refused."""
    if not may_manage_team(by, team):
        raise PermissionDenied(REFUSE_MANAGE)
    reason = written(
        reason,
        limit=DISBAND_REASON_LIMIT,
        code="reason",
        blank=_("Say in a few words why the team is disbanded."),
    )
    with transaction.atomic():
        locked = _manage_locked(team, by)
        now = timezone.now()
        locked.disbanded_at, locked.disband_reason = now, reason
        locked.save(update_fields=["disbanded_at", "disband_reason"])
        rows = list(
            TeamMember.objects.select_for_update()
            .filter(team=locked, state__in=[State.MEMBER, State.APPLIED])
            .order_by("pk")
        )
        applicants = [m for m in rows if m.state == State.APPLIED]
        TeamMember.objects.filter(pk__in=[m.pk for m in applicants]).update(
            state=State.CLOSED, left_at=now
        )
        zones_release_of_team(team=locked, by=by)
        extras.team_disbanded(locked, by)
        audit(
            actor=by,
            code="community.team.disbanded",
            target=locked,
            compound=locked.compound_id,
            new={"reason": reason},
        )
        _tell_disbanded(locked, by, rows)
    return locked


def _tell_disbanded(team: Team, by, rows: list[TeamMember]) -> None:
    """Members and applicants hear why; the team's page is gone for them, so the link is
    the compound's teams (a community-wide team's notice has no link)."""
    url = reverse("community:teams", args=[team.compound_id]) if team.compound_id else ""
    params = {"team": team.name, "reason": team.disband_reason}
    for state, what in ((State.MEMBER, "member"), (State.APPLIED, "applied")):
        notify(
            recipients={m.user_id for m in rows if m.state == state} - {by.pk},
            event="community.team_disbanded",
            params=params | {"what": what},
            url=url,
            key=f"team-disbanded-{team.pk}",
        )
