from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app that has demo data keeps its copy in <app>/demo_data/*.json (read with
# newsroom.demo.read_demo_data) and loads it in <app>/demo.py with a load(command) function,
# through its own services. The library's pictures come before the stories that use them.
DEMO_APPS = [
    "newsroom",
    "images",
    "articles",
    "ticker",
    "donations",
    "comments",
    "syndication",
    "live",
]


class Command(BaseCommand):
    help = "Load the demo newsroom (accounts, sections, articles and the rest). Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even under DJANGO_ENV=production (it creates a superuser).",
        )

    def handle(self, *args, **options):
        # The demo creates a superuser and writes its password to a file: never by accident on
        # the live site.
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError(
                "DJANGO_ENV=production: the demo newsroom creates a superuser and writes its "
                "password to var/demo-accounts.txt, so it is not loaded here. Pass "
                "--allow-production if you really mean to."
            )
        for app in DEMO_APPS:
            if find_spec(f"{app}.demo") is None:
                continue
            with transaction.atomic():
                import_module(f"{app}.demo").load(self)
        self.stdout.write(self.style.SUCCESS("Demo newsroom loaded."))
