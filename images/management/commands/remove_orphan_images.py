from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from images.services import image_files_remove_orphans


class Command(BaseCommand):
    help = (
        "Delete picture files on storage that no library image refers to (originals and "
        "renditions left by interrupted uploads). The scheduler runs the same work daily "
        "(images.tasks.remove_orphan_files in settings.SCHEDULED_JOBS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=60,
            help="Leave files younger than this alone: uploads in progress (default 60).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; delete nothing."
        )

    def handle(self, *args, grace_minutes, dry_run, **options):
        if grace_minutes < 0:
            raise CommandError("--grace-minutes cannot be negative.")
        removed = image_files_remove_orphans(
            grace=timedelta(minutes=grace_minutes), dry_run=dry_run
        )
        for name in removed:
            self.stdout.write(name)
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(self.style.SUCCESS(f"{len(removed)} orphan file(s) {verb}."))
