"""Deleting an account (注销账号, 个人信息保护法 第四十七条): the person is anonymised, what
they did stays.

Removed: their name (→ "已注销用户"), phone (→ a placeholder of the reserved range in
portal/phones.py that can be neither typed nor texted), email, password, sessions,
notifications with their pending deliveries, SMS/email choices, follows, email addresses and
the proofs of home they uploaded (pictures of their documents). Ended, not deleted: their
residencies (a claim still waiting for review is closed as rejected, so no reviewer finds
it). Kept as they are: requests and their history (the reporter reads 已注销用户),
ballots (a ballot counted stays counted), proxy letters, comments, suggestions, ledger
entries and the audit trail — the record of what the compound decided and paid.

Refused, with the roles named, while the person holds a role someone else relies on: a
seat on a committee, a staff or volunteer role, a building role, the keeping of an
account, or a proxy for a vote still open. Those are handed over by whoever appointed them
first; deleting the account must not leave a committee without its chair or an account
without its keeper.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import BuildingRole, Membership, Residency, RoleAssignment
from compounds.standing import bump_standing
from deliberation.models import OwnersVote, Proxy
from finance.models import AccountKeeper
from portal.audit import audit
from portal.models import TextSent
from portal.notifications.models import Notification, OutboxMessage, Preference
from portal.phones import erased_phone
from requests.models import Follower

ERASED_NAME = "已注销用户"  # stored, as the task names it (pages show User.__str__)
WITHDRAWN = "账号已注销"  # the reason a claim still waiting for review is closed


def _open(queryset, today):
    return queryset.filter(Q(end__isnull=True) | Q(end__gte=today))


def blockers(user) -> list[str]:
    """The roles the person must hand over before deleting their account, in words."""
    today = timezone.localdate()
    found = [
        f"{m.body} · {m.get_position_display()}"
        for m in _open(Membership.objects.filter(user=user), today).select_related("body")
    ]
    found += [
        f"{r.get_role_display()} · {r.place}"
        for r in _open(RoleAssignment.objects.filter(user=user), today).select_related(
            "compound", "community", "street_office", "property_company", "department"
        )
    ]
    found += [
        f"{r.building} · {r.kind}"
        for r in _open(BuildingRole.objects.filter(holder=user), today).select_related(
            "building", "kind"
        )
    ]
    found += [
        _("keeper of the account %(name)s") % {"name": k.account.name}
        for k in _open(AccountKeeper.objects.filter(holder=user), today).select_related("account")
    ]
    held = Proxy.objects.filter(proxy=user, revoked_at__isnull=True).exclude(
        vote__state=OwnersVote.State.CLOSED
    )
    found += [
        _("proxy for an owner in the vote %(title)s") % {"title": p.vote.title}
        for p in held.select_related("vote")
    ]
    if user.is_staff or user.is_superuser:
        found.append(_("site administrator"))
    return found


def _end_residencies(user, today) -> None:
    """End every open residency on the day before: a term's end is inclusive, and ended
    today would keep the deleted person on today's rolls, boards and registry."""
    last_day = today - timedelta(days=1)
    for residency in Residency.objects.filter(user=user).select_for_update():
        if residency.evidence:
            residency.evidence.delete(save=False)  # the picture of their documents
        if residency.end is None or residency.end > last_day:
            residency.end = max(last_day, residency.start)
        if residency.status == Residency.Status.PENDING:  # nobody is left to verify
            residency.status = Residency.Status.REJECTED
            residency.reject_reason = WITHDRAWN
        residency.save(update_fields=["evidence", "end", "status", "reject_reason"])
    bump_standing([user.pk])


def _end_sessions(user) -> None:
    """Every session signed in as the person (the password and is_active would already
    refuse them; the rows go too). Sessions carry no user column: read each live one."""
    key = str(user.pk)
    ended = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == key
    ]
    Session.objects.filter(session_key__in=ended).delete()


def account_erase(*, user) -> None:
    """Anonymise `user` (locked for the change), or raise ValidationError naming the roles
    to hand over first. One transaction: nothing half-erased."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ValidationError(_("This account has already been deleted."))
        roles = blockers(user)
        if roles:
            raise ValidationError(
                _(
                    "Hand over these roles before deleting your account (ask whoever "
                    "appointed you): %(roles)s."
                )
                % {"roles": "；".join(roles)}
            )
        today = timezone.localdate()
        _end_residencies(user, today)
        Notification.objects.filter(recipient=user).delete()  # and their deliveries
        Preference.objects.filter(user=user).delete()
        Follower.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        addresses = {user.phone, user.national_phone, user.email} - {""}
        OutboxMessage.objects.filter(to__in=addresses).delete()  # what was texted or mailed
        TextSent.objects.filter(phone=user.phone).delete()
        user.display_name = ERASED_NAME
        user.phone = erased_phone(user.pk)
        user.phone_verified = False
        user.email = ""
        user.large_text = False
        user.is_active = False
        user.set_unusable_password()
        user.save()
        audit(actor=user, code="portal.account.erased", target=user)
        _end_sessions(user)
