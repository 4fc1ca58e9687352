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
