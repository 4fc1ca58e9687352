from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.site.backup import restore


class Command(BaseCommand):
    help = "Replace the database and the media with a backup's, then check its checksums."

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--yes", action="store_true", help="yes, replace everything")

    def handle(self, *args, folder: Path, yes: bool, **options) -> None:
        if not yes:
            raise CommandError("This replaces the database and the media: add --yes.")
        try:
            found = restore(folder)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        rows = ", ".join(f"{name} {value['rows']}" for name, value in found.items())
        self.stdout.write(self.style.SUCCESS(f"Restored {folder}; checksums match ({rows})."))
