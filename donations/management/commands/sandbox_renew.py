from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from donations.services import sandbox_advance


class Command(BaseCommand):
    help = (
        "Move the sandbox gateway's clock on: charge every active sandbox monthly gift once per "
        "month (or fail the charges), as a real gateway would. No money moves."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=1, help="Months to pass (default 1).")
        parser.add_argument("--fail", action="store_true", help="Every charge fails.")
        parser.add_argument(
            "--due", action="store_true", help="Only gifts whose next charge is due now, once."
        )

    def handle(self, *args, months, fail, due, **options):
        if settings.DONATIONS_GATEWAY != "sandbox":
            raise CommandError("The sandbox gateway is not in use (DONATIONS_GATEWAY).")
        if not 1 <= months <= 24:
            raise CommandError("--months must be between 1 and 24.")
        charges = sandbox_advance(months=months, fail=fail, due_only=due)
        self.stdout.write(f"{charges} sandbox charge(s) {'failed' if fail else 'made'}.")
