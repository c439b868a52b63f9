from django.core.management.base import BaseCommand, CommandError

from newsroom.health import run_checks


class Command(BaseCommand):
    help = "Run the readiness checks of /readyz (database, migrations, cache, storage)."

    def handle(self, **options):
        results, ready = run_checks()
        for name, result in results.items():
            self.stdout.write(f"{name}: {result}")
        if not ready:
            raise CommandError("not ready")
