from django.core.management.base import BaseCommand

from portal.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal.site.demo import seed_demo


class Command(BaseCommand):
    help = "Create the demo places and accounts (idempotent: safe to run again)."

    def handle(self, *args, **options) -> None:
        seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(DEMO_ACCOUNTS)} accounts, password {DEMO_PASSWORD}."
            )
        )
