"""Recount owners' votes.

    python manage.py recount PATH     count an audit bundle (a folder or .zip) and print JSON
    python manage.py recount          recount every closed vote from its ballots and report
                                      any difference from the stored result; recount the
                                      participation of every vote (per building) and report
                                      any difference from the stored participation

Exits 0 when the count succeeds (and, without PATH, when every stored result agrees);
a malformed bundle exits 2 with a message naming the file and line; a stored result or
stored participation that differs exits 1.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from deliberation import bundle
from deliberation.participation import every_difference
from deliberation.queries import recount_closed
from deliberation.tally import TallyError, count


class Command(BaseCommand):
    help = "Recount an audit bundle, or every closed owners' vote, by 民法典 第二百七十八条."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="an audit bundle: a folder or a .zip")

    def handle(self, *args, path=None, **options):
        if path is None:
            return self._recount_stored()
        try:
            data = bundle.read(path)
            tally = count(
                data.roll, data.ballots, data.item, invalid_participate=data.invalid_participate
            )
        except (bundle.BundleError, TallyError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(json.dumps(tally.as_dict(), ensure_ascii=False, indent=2))

    def _recount_stored(self):
        try:
            differences = recount_closed()
        except TallyError as exc:
            raise CommandError(f"a stored vote cannot be counted: {exc}", returncode=2) from exc
        for vote_id, topic_id, stored, fresh in differences:
            self.stderr.write(
                f"vote {vote_id} topic {topic_id}: stored {json.dumps(stored)} "
                f"but the ballots give {json.dumps(fresh)}"
            )
        turnout = every_difference()
        for vote_id, building, stored, fresh in turnout:
            self.stderr.write(
                f"vote {vote_id} participation of {building or 'the whole vote'}: "
                f"stored {stored} but the ballots give {fresh}"
            )
        if differences or turnout:
            raise CommandError(
                f"{len(differences)} stored results and {len(turnout)} stored participation "
                "rows differ",
                returncode=1,
            )
        self.stdout.write("every closed vote recounts to its stored result")
        self.stdout.write("every vote's participation recounts to its stored rows")
