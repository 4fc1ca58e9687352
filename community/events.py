"""The notifications of teams, zones and responsibilities (portal.notifications' registry),
declared when the app is ready."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.events import EventType, register

register(
    EventType(
        "community.team_applied",
        _("Applications to a team I lead"),
        _("%(who)s asks to join %(team)s."),
    )
)
register(
    EventType(
        "community.team_decided",
        _("Answers to my applications to teams"),
        _("Your application to %(team)s was answered."),
        titles={
            "accepted": _("Welcome to %(team)s: your application was accepted."),
            "declined": _("Your application to %(team)s was declined."),
        },
    )
)
register(
    EventType(
        "community.zone_request",
        _("Requests in a zone I keep"),
        _("Request #%(id)s in %(zone)s, which you keep: %(category)s"),
        labels=("category",),
    )
)
register(
    EventType(
        "community.cleanup_due",
        _("Clean-ups of zones I keep"),
        _("Clean-up of %(zone)s on %(day)s."),
    )
)
register(
    EventType(
        "community.team_leader",
        _("A new leader of a team I am in"),
        _("%(who)s now leads %(team)s."),
        titles={"you": _("You now lead %(team)s: its applications and tools are yours.")},
    )
)
register(
    EventType(
        "community.team_disbanded",
        _("A team I am in or applied to is disbanded"),
        _("%(team)s has been disbanded: %(reason)s"),
        titles={
            "applied": _("%(team)s has been disbanded, so your application is closed: %(reason)s")
        },
    )
)
