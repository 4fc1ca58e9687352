from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from compounds.models import Compound
from portal.site.scale import PERSONAS, SCALE_PASSWORD, seed_scale


class Command(BaseCommand):
    help = (
        "Create street-scale data for the bench (issue 13): at --scale 1 one street office, "
        "100 compounds, 100,000 units, ~150,000 users, 1,000,000 requests, 305 owners' votes. "
        "Refuses a database that already has compounds (unless --force) and, with DEBUG off, "
        "any database unless --i-know: it adds thousands of invented people with one password."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 is the full street.")
        parser.add_argument(
            "--force", action="store_true", help="Add to a database that has compounds."
        )
        parser.add_argument(
            "--i-know",
            action="store_true",
            dest="i_know",
            help="Run with DEBUG off (a bench server's database, never production's).",
        )

    def handle(self, *args, scale: float, force: bool, i_know: bool, **options) -> None:
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if not settings.DEBUG and not i_know:
            raise CommandError(
                "DEBUG is off: this may be a production database. seed_scale adds invented "
                "people who all share one known password. Pass --i-know for a bench database."
            )
        if Compound.objects.exists() and not force:
            raise CommandError(
                "The database already has compounds. seed_scale is for an empty database "
                "(migrate a fresh one); pass --force to add to this one anyway."
            )
        phones = [f"+86138000000{code}" for code in PERSONAS]
        if get_user_model().objects.filter(phone__in=phones).exists():
            raise CommandError(
                "The personas' phones (138000000xx, as seed_demo's) are taken: seed_scale "
                "needs a database without the demo accounts."
            )
        counts = seed_scale(scale, say=self.stdout.write)
        for label, n in sorted(counts.items()):
            self.stdout.write(f"  {label}: {n:,}")
        phones = ", ".join(f"138000000{code}" for code in PERSONAS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale {scale} ready. Personas {phones}; password {SCALE_PASSWORD}."
            )
        )
