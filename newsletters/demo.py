"""The demo newsroom's newsletters, from `newsletters/demo_data/newsletters.json`."""

from datetime import time

from newsroom.demo import read_demo_data

from .models import Newsletter


def load(command):
    for row in read_demo_data("newsletters", "newsletters"):
        newsletter = Newsletter.objects.filter(slug=row["slug"]).first()
        if newsletter is not None:
            continue  # staff may have changed it since
        newsletter = Newsletter(
            slug=row["slug"],
            name=row["name"],
            description=row["description"],
            kind=row["kind"],
            is_default=row["is_default"],
            send_time=time.fromisoformat(row["send_time"]) if row.get("send_time") else None,
            send_automatically=row.get("send_automatically", False),
        )
        newsletter.full_clean()
        newsletter.save()
