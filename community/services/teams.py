"""Volunteer teams: create, apply, accept or decline, leave. Each change of a member's state
locks the member's row and is audited; the leader and the applicant are told."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Team, TeamMember
from community.permissions.teams import (
    REFUSE_JOIN,
    may_create_community_team,
    may_join,
    may_join_place,
    may_manage_team,
    require_create,
)
from compounds.models import Compound
from portal.audit import audit
from portal.notifications.services import notify
from portal.text import written

State = TeamMember.State


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
    """A member leaves (or an applicant withdraws). The leader hands the team over first."""
    if team.leader_id == user.pk:
        raise ValidationError(
            _("The leader cannot leave; ask the committee to name a new leader first."),
            code="leader",
        )
    with transaction.atomic():
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
