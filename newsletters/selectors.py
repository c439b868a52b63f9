"""Reads of the newsletters app that pages, the admin and the dashboard share."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower, TruncDate
from django.utils import timezone

from donations.models import Donation

from .models import Delivery, Issue, Newsletter, Subscriber, Subscription


def issues_with_figures(issues):
    """Issues with `sent_count`, `bounced_count`, `unsubscribed_count`, `opened_count`."""
    return issues.annotate(
        sent_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        bounced_count=Count(
            "deliveries",
            filter=Q(deliveries__bounced_at__isnull=False)
            | Q(deliveries__complained_at__isnull=False),
        ),
        unsubscribed_count=Count("deliveries", filter=Q(deliveries__unsubscribed_at__isnull=False)),
        failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    )


def latest_issues(limit=10):
    return list(
        issues_with_figures(
            Issue.objects.exclude(status=Issue.Status.DRAFT).select_related("newsletter")
        ).order_by("-send_started_at", "-pk")[:limit]
    )


def subscribers_over_time(*, days=30, now=None):
    """{newsletter: [(date, subscribers at the end of that day), ...]} for the last `days` local
    days: what was confirmed before, plus each day's confirmations less its unsubscribes (counted
    in the database, grouped by local day; a fixed number of queries)."""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    today = timezone.localdate(now)
    first_day = today - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first_day, time.min), zone)
    newsletters = list(Newsletter.objects.all())
    confirmed = Subscription.objects.filter(confirmed_at__isnull=False)
    # Subscribed at the start: confirmed before it, and not unsubscribed before it.
    base = dict(
        confirmed.filter(confirmed_at__lt=start)
        .exclude(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at__lt=start)
        .values_list("newsletter_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    changes = {}
    joined = (
        confirmed.filter(confirmed_at__gte=start)
        .annotate(day=TruncDate("confirmed_at", tzinfo=zone))
        .values_list("newsletter_id", "day")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for newsletter_id, day, count in joined:
        changes[newsletter_id, day] = changes.get((newsletter_id, day), 0) + count
    left = (
        confirmed.filter(status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at__gte=start)
        .annotate(day=TruncDate("unsubscribed_at", tzinfo=zone))
        .values_list("newsletter_id", "day")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for newsletter_id, day, count in left:
        changes[newsletter_id, day] = changes.get((newsletter_id, day), 0) - count
    result = {}
    for newsletter in newsletters:
        running = base.get(newsletter.pk, 0)
        points = []
        for index in range(days):
            day = first_day + timedelta(days=index)
            running += changes.get((newsletter.pk, day), 0)
            points.append((day, running))
        result[newsletter] = points
    return result


def subscribers_with_giving(subscribers=None):
    """Subscribers with `has_given`: a paid gift from the same address. For Fundraising only
    (the permission newsletters.view_subscriber_giving); editors never see it."""
    subscribers = subscribers if subscribers is not None else Subscriber.objects.all()
    return subscribers.annotate(
        has_given=Exists(Donation.objects.paid().filter(email__iexact=OuterRef("email")))
    )


# A gift counts as prompted by an issue when its giver followed that issue's appeal link (their
# own link: each reader's is signed for their delivery) and paid within this time after.
ATTRIBUTION_WINDOW = timedelta(days=7)


def gifts_prompted_by(issue):
    """Paid gifts attributed to `issue`: from the address of a reader who clicked its appeal
    link, paid after the click and within ATTRIBUTION_WINDOW. -> (count, amount in paise)."""
    clicks = list(
        Delivery.objects.filter(issue=issue, appeal_clicked_at__isnull=False)
        .exclude(subscriber=None)
        .values_list("subscriber__email", "appeal_clicked_at")
    )
    count = amount = 0
    if not clicks:
        return count, amount
    first_click = min(at for _email, at in clicks)
    clicked = {email.lower(): at for email, at in clicks}
    # Donors type their address as they like ("Asha@Example.org"); subscribers' are lower-case.
    gifts = (
        Donation.objects.paid()
        .annotate(email_lower=Lower("email"))
        .filter(paid_at__gte=first_click, email_lower__in=list(clicked))
    )
    for email, paid_at, amount_minor in gifts.values_list("email", "paid_at", "amount_minor"):
        at = clicked.get(email.lower())
        if at is not None and at <= paid_at <= at + ATTRIBUTION_WINDOW:
            count += 1
            amount += amount_minor
    return count, amount
