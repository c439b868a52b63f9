"""The staff moderation dashboard: one landing page, a page per panel, and short POST actions.

Every view checks that the user is active staff and holds the panel's permission; every action
calls the same service as the admin, and confirms what it did (or why not) with a message.
"""

import functools
from types import SimpleNamespace

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from articles.services import (
    WorkflowError,
    article_publish,
)
from comments import services as comment_services
from comments.models import Comment
from comments.services import (
    comment_approve,
    comment_mark_spam,
    comment_reject,
    comments_moderate,
)
from donations.models import Appeal
from donations.money import format_paise
from donations.selectors import (
    appeal_story_conversions,
    appeal_totals,
    appeal_variant_test,
    paid_donations_since,
)
from live.models import LiveCoverage, LiveEntry
from live.selectors import arrange
from live.services import entry_delete, entry_pin, entry_promote, entry_send_to_ticker
from newsletters.selectors import gifts_prompted_by, latest_issues, subscribers_over_time
from newsroom import clock
from newsroom.models import AuditEntry
from newsroom.pagination import ListingPaginator
from newsroom.services import audit_entries_visible_to
from newsroom.undo import offer_undo
from newsroom.urls_safety import safe_next
from notifications.models import Notification
from notifications.services import notifications_mark_read
from syndication.models import WireItem
from syndication.selectors import wire_items, with_target_sections
from syndication.services import WireSectionMissingError, wire_item_to_draft
from ticker import services as ticker_services
from ticker.models import TickerItem
from ticker.services import ticker_item_expire

from .forms import (
    ARTICLE_FORMS,
    BULK_ACTION_LABELS,
    BulkCommentForm,
    DashboardLiveEntryForm,
    DashboardTickerForm,
    LiveEndForm,
    LiveStartForm,
    ReturnForm,
    ScheduleForm,
)

# Which permission opens which panel (any one of several will do).
PANEL_PERMISSIONS = {
    # Everyone who writes or edits stories is told about them here (notifications).
    "inbox": ("articles.change_article", "articles.publish_article"),
    "editorial": ("articles.publish_article",),
    "comments": ("comments.change_comment",),
    "ticker": ("ticker.add_tickeritem", "ticker.change_tickeritem"),
    "live": ("live.add_liveentry",),
    "appeal": ("donations.view_donation",),
    "audit": ("newsroom.view_auditentry",),
    "newsletters": ("newsletters.view_issue",),
    "wire": ("articles.add_article",),
}
# The newsletters panel's growth table: this many days.
NEWSLETTER_DAYS = 30
PER_PAGE = 25
# The landing page shows the first few of each list; the panel pages show them all.
LANDING_ITEMS = 5

# Comment moderation: action in the URL -> (service, audit action, message).
COMMENT_ACTIONS = {
    "approve": comment_approve,
    "reject": comment_reject,
    "spam": comment_mark_spam,
}


def panels_for(user):
    """The names of the panels `user` may see."""
    if not (user.is_active and user.is_staff):
        return set()
    return {
        name
        for name, permissions in PANEL_PERMISSIONS.items()
        if any(user.has_perm(permission) for permission in permissions)
    }


def staff_view(panel=None, permission=None):
    """Signed-in active staff only (anonymous users go to the admin's sign-in, others get 403),
    holding the panel's permission, or `permission` when one action needs a narrower one."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_active and user.is_staff):
                raise PermissionDenied(_("The dashboard is for newsroom staff."))
            panels = panels_for(user)
            if panel is None and not panels:
                raise PermissionDenied(_("Your role has no dashboard panels."))
            if panel is not None and panel not in panels:
                raise PermissionDenied(_("Your role does not include this panel."))
            if permission is not None and not user.has_perm(permission):
                raise PermissionDenied(_("Your role does not allow this action."))
            request.dashboard_panels = panels
            return view(request, *args, **kwargs)

        return never_cache(login_required(wrapped))

    return decorator


class DashboardPaginator(ListingPaginator):
    # The audit log is read further back than reader listings are.
    MAX_PAGES = 10_000


def _page(request, queryset, per_page=PER_PAGE):
    """One page of `queryset`, without counting the whole table."""
    try:
        return DashboardPaginator(queryset, per_page).page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(_("There is no such page.")) from error


def _next_or(request, fallback):
    return (
        safe_next(request, request.POST.get("next"), fallback)
        if request.POST.get("next")
        else fallback
    )


def _back(request, fallback):
    return redirect(safe_next(request, request.POST.get("next"), fallback))


def _render(request, template, context, status=200):
    context.setdefault("panels", request.dashboard_panels)
    # Where one-button forms lead back to: this page, or after a refused post, where it came from.
    if request.method == "GET":
        context.setdefault("next_url", request.get_full_path())
    else:
        context.setdefault("next_url", _next_or(request, reverse("dashboard:index")))
    return render(request, f"dashboard/{template}", context, status=status)


# --- Signing in ----------------------------------------------------------------------------------

# Where a role whose work is on the dashboard lands after signing in, when no page was asked for.
# Those who write and edit stories (panels "inbox" or "editorial") stay in the admin.
LANDING_PANELS = [("comments", "dashboard:comments"), ("appeal", "dashboard:appeal")]


def admin_login(request, extra_context=None):
    """The admin's own sign-in (django-axes and all); then moderators and fundraising staff go
    to their panels rather than to the admin's index, unless they were on their way elsewhere."""
    response = admin.site.login(request, extra_context)
    if request.method != "POST" or response.status_code != 302 or not request.user.is_active:
        return response
    asked = request.POST.get("next") or request.GET.get("next") or ""
    if asked not in ("", reverse("admin:index")):
        return response
    panels = panels_for(request.user)
    if panels & {"inbox", "editorial"}:
        return response
    for panel, url_name in LANDING_PANELS:
        if panel in panels:
            return redirect(url_name)
    return response


# --- The landing page ----------------------------------------------------------------------------


def _counts(panels, now, user):
    """The landing page's counts: a query per count, whatever the number of items."""
    counts = {}
    if "inbox" in panels:
        counts["unread"] = Notification.objects.for_user(user).unread().count()
    if "editorial" in panels:
        counts["in_review"] = Article.objects.in_review().count()
        counts["scheduled"] = Article.objects.scheduled(now).count()
    if "comments" in panels:
        counts["comments_waiting"] = Comment.objects.awaiting_moderation().count()
    return counts


def _appeal_summary(now):
    appeal = Appeal.objects.current()
    if appeal is None:
        return None
    local_midnight = clock.local_midnight(now)
    return SimpleNamespace(
        appeal=appeal,
        since=local_midnight,
        totals=appeal_totals(appeal),
        today=appeal_totals(appeal, since=local_midnight),
        today_donations=paid_donations_since(appeal, local_midnight),
    )


def _in_review():
    return Article.objects.in_review().select_related("section")


def _scheduled():
    return Article.objects.scheduled().select_related("section").order_by("publish_at", "pk")


def _pending_comments():
    return Comment.objects.awaiting_moderation().select_related("article__section")


def _audit_entries(user):
    return audit_entries_visible_to(user, AuditEntry.objects.select_related("content_type"))


@staff_view()
@require_GET
def index(request):
    panels = request.dashboard_panels
    now = timezone.now()
    context = {"counts": _counts(panels, now, request.user), "now": now}
    if "inbox" in panels:
        context["notifications"] = Notification.objects.for_user(request.user)[:LANDING_ITEMS]
    if "editorial" in panels:
        context["in_review"] = _article_rows(
            _in_review().order_by("updated_at", "pk")[:LANDING_ITEMS], request.get_full_path()
        )
    if "comments" in panels:
        context["pending_comments"] = _pending_comments()[:LANDING_ITEMS]
        context["bulk_form"] = BulkCommentForm()
        context["bulk_actions"] = BULK_ACTION_LABELS
    if "ticker" in panels:
        context["ticker_items"] = TickerItem.objects.for_strip(now)
        if request.user.has_perm("ticker.add_tickeritem"):
            context["ticker_form"] = DashboardTickerForm(next_url=request.get_full_path())
    if "live" in panels:
        context["live_running"] = LiveCoverage.objects.running().select_related("article")
    if "appeal" in panels:
        summary = _appeal_summary(now)
        if summary is not None:
            summary.today_donations = summary.today_donations[:LANDING_ITEMS]
        context["appeal_summary"] = summary
    if "audit" in panels:
        context["audit_entries"] = _audit_entries(request.user)[: LANDING_ITEMS * 2]
    if "wire" in panels:
        context["wire_items"] = wire_items()[:LANDING_ITEMS]
    return _render(request, "index.html", context)


# --- Editorial queue -----------------------------------------------------------------------------


def _article_rows(articles, next_url, bound=None):
    """Each article with its schedule and return forms; `bound` is a form to show with its
    errors in place of its blank one."""
    rows = []
    for article in articles:
        forms = {
            kind: form_class(target=article, next_url=next_url)
            for kind, form_class in ARTICLE_FORMS.items()
        }
        if bound is not None and bound.target.pk == article.pk:
            forms[bound.form_name] = bound
        rows.append(SimpleNamespace(article=article, **forms))
    return rows


def _queue_page(request, *, bound=None, status=200, scheduled=False):
    queryset = _scheduled() if scheduled else _in_review().order_by("updated_at", "pk")
    page = _page(request, queryset)
    next_url = request.get_full_path() if request.method == "GET" else _next_or(request, "")
    return _render(
        request,
        "scheduled.html" if scheduled else "queue.html",
        {"page": page, "rows": _article_rows(page.object_list, next_url, bound)},
        status=status,
    )


@staff_view("editorial")
@require_GET
def queue(request):
    return _queue_page(request)


@staff_view("editorial")
@require_GET
def scheduled(request):
    return _queue_page(request, scheduled=True)


@staff_view("editorial")
@require_GET
def published(request):
    queryset = Article.objects.published().select_related("section").order_by("-publish_at", "-pk")
    return _render(request, "published.html", {"page": _page(request, queryset)})


def _article_or_404(pk):
    return get_object_or_404(Article.objects.select_related("section"), pk=pk)


@staff_view("editorial")
@require_POST
def article_publish_view(request, pk):
    article = _article_or_404(pk)
    try:
        article_publish(actor=request.user, article=article)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Published “%(headline)s”.") % {"headline": article.headline})
    return _back(request, "dashboard:queue")


def _article_form_view(request, pk, form_class):
    """The schedule and return forms' one flow: done, back where the editor was with a
    message; refused, the queue again with the form and its errors in place (400)."""
    form = form_class(request.POST, target=_article_or_404(pk), next_url=_next_or(request, ""))
    done = form.perform(request.user)
    if done:
        messages.success(request, done)
        return _back(request, "dashboard:queue")
    message = form.refused()
    details = [error for errors in form.errors.values() for error in errors]
    if details and form.non_field_errors():
        # The service's refusal says it best; it leads.
        message = details.pop(details.index(form.non_field_errors()[0]))
    messages.error(request, " ".join([str(message), *details]))
    from_scheduled = (request.POST.get("next") or "").startswith(reverse("dashboard:scheduled"))
    return _queue_page(request, bound=form, status=400, scheduled=from_scheduled)


@staff_view("editorial")
@require_POST
def article_schedule_view(request, pk):
    return _article_form_view(request, pk, ScheduleForm)


@staff_view("editorial")
@require_POST
def article_return_view(request, pk):
    return _article_form_view(request, pk, ReturnForm)


# --- Comments ------------------------------------------------------------------------------------


def _comments_page(request, *, bulk_form=None, status=200):
    page = _page(request, _pending_comments())
    return _render(
        request,
        "comments.html",
        {
            "page": page,
            "bulk_form": bulk_form or BulkCommentForm(),
            "bulk_actions": BULK_ACTION_LABELS,
        },
        status=status,
    )


@staff_view("comments")
@require_GET
def comments(request):
    return _comments_page(request)


@staff_view("comments")
@require_GET
def comment_detail(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("article__section", "moderated_by"), pk=pk
    )
    earlier = (
        Comment.objects.from_reader(comment.email)
        .exclude(pk=comment.pk)
        .select_related("article__section")
        .order_by("-created_at", "-pk")[:PER_PAGE]
    )
    return _render(
        request,
        "comment_detail.html",
        {"comment": comment, "earlier": earlier, "bulk_actions": BULK_ACTION_LABELS},
    )


def _comment_message(action, count):
    if action == "approve":
        return ngettext(
            "Approved %(count)d comment; it is on the article now.",
            "Approved %(count)d comments; they are on their articles now.",
            count,
        ) % {"count": count}
    if action == "reject":
        return ngettext("Rejected %(count)d comment.", "Rejected %(count)d comments.", count) % {
            "count": count
        }
    return ngettext(
        "Marked %(count)d comment as spam.", "Marked %(count)d comments as spam.", count
    ) % {"count": count}


@staff_view("comments")
@require_POST
def comment_moderate(request, pk, action):
    if action not in COMMENT_ACTIONS:
        raise Http404(_("There is no such moderation action."))
    comment = get_object_or_404(Comment, pk=pk)
    from_state = comment.status
    try:
        COMMENT_ACTIONS[action](comment=comment, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, "dashboard:comments")
    if comment.status == from_state:
        messages.info(
            request,
            _("That comment was already “%(status)s”; nothing changed.")
            % {"status": comment.get_status_display()},
        )
    elif action in ("reject", "spam"):
        # Cheap to take back: the message carries an Undo button for a few minutes.
        response = _back(request, "dashboard:comments")
        offer_undo(
            request,
            _comment_message(action, 1),
            kind=comment_services.UNDO_MODERATION,
            data=comment_services.undo_data_for_moderation(comment=comment, from_state=from_state),
            next_url=response["Location"],
        )
        return response
    else:
        messages.success(request, _comment_message(action, 1))
    return _back(request, "dashboard:comments")


@staff_view("comments")
@require_POST
def comments_bulk(request):
    form = BulkCommentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _comments_page(request, bulk_form=form, status=400)
    action = form.cleaned_data["action"]
    ids = form.cleaned_data["comments"]
    # Only comments still waiting: another moderator may have dealt with some meanwhile.
    changed = comments_moderate(
        comments=Comment.objects.filter(pk__in=ids),
        action=action,
        actor=request.user,
        waiting_only=True,
    )
    if changed:
        messages.success(request, _comment_message(action, changed))
    skipped = len(ids) - changed
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d selected comment was no longer waiting and was left as it was.",
                "%(count)d selected comments were no longer waiting and were left as they were.",
                skipped,
            )
            % {"count": skipped},
        )
    return _back(request, "dashboard:comments")


# --- Ticker --------------------------------------------------------------------------------------


def _ticker_page(request, *, form=None, status=200):
    now = timezone.now()
    if form is None and request.user.has_perm("ticker.add_tickeritem"):
        form = DashboardTickerForm(next_url=request.get_full_path())
    upcoming = TickerItem.objects.upcoming(now).order_by("starts_at", "pk")
    return _render(
        request,
        "ticker.html",
        {
            "ticker_items": TickerItem.objects.for_strip(now),
            "upcoming": upcoming.select_related("article__section")[:PER_PAGE],
            "ticker_form": form,
        },
        status=status,
    )


@staff_view("ticker")
@require_GET
def ticker(request):
    return _ticker_page(request)


@staff_view("ticker", permission="ticker.add_tickeritem")
@require_POST
def ticker_add(request):
    form = DashboardTickerForm(request.POST, next_url=_next_or(request, ""))
    done = form.perform(request.user)
    if done:
        messages.success(request, done)
        return _back(request, "dashboard:ticker")
    messages.error(request, _("The ticker item was not added; see the form below."))
    return _ticker_page(request, form=form, status=400)


@staff_view("ticker", permission="ticker.change_tickeritem")
@require_POST
def ticker_expire(request, pk):
    item = get_object_or_404(TickerItem, pk=pk)
    before = (item.starts_at, item.ends_at)
    expired = ticker_item_expire(item=item, actor=request.user)
    if expired:
        item.refresh_from_db()
        response = _back(request, "dashboard:ticker")
        offer_undo(
            request,
            _("Took “%(text)s” off the ticker.") % {"text": item.text},
            kind=ticker_services.UNDO_EXPIRE,
            data=ticker_services.undo_data_for_expiry(
                item=item, starts_at=before[0], ends_at=before[1]
            ),
            next_url=response["Location"],
        )
        return response
    else:
        messages.info(request, _("“%(text)s” had already ended.") % {"text": item.text})
    return _back(request, "dashboard:ticker")


# --- Appeal and audit log ------------------------------------------------------------------------


@staff_view("appeal")
@require_GET
def appeal(request):
    summary = _appeal_summary(timezone.now())
    context = {"appeal_summary": summary}
    if summary is not None:
        stories = appeal_story_conversions(summary.appeal)
        titles = dict(
            Article.objects.filter(pk__in=[row.key for row in stories]).values_list(
                "pk", "headline"
            )
        )
        context["story_rows"] = [(titles.get(row.key), row) for row in stories]
        context["variant_test"] = appeal_variant_test(summary.appeal)
    return _render(request, "appeal.html", context)


@staff_view("audit")
@require_GET
def audit(request):
    return _render(request, "audit.html", {"page": _page(request, _audit_entries(request.user))})


# --- Inbox ---------------------------------------------------------------------------------------


@staff_view("inbox")
@require_GET
def inbox(request):
    mine = Notification.objects.for_user(request.user)
    return _render(
        request, "inbox.html", {"page": _page(request, mine), "unread": mine.unread().count()}
    )


@staff_view("inbox")
@require_POST
def inbox_read(request):
    ids = request.POST.getlist("id")
    if ids and not all(value.isdigit() for value in ids):
        messages.error(request, _("That is not a notification."))
        return _back(request, reverse("dashboard:inbox"))
    marked = notifications_mark_read(actor=request.user, ids=[int(v) for v in ids] if ids else None)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked read.", "%(count)d notifications marked read.", marked
        )
        % {"count": marked},
    )
    return _back(request, reverse("dashboard:inbox"))


@staff_view("newsletters")
@require_GET
def newsletters(request):
    """Subscribers per list over the last 30 days, and the last issues with their figures."""
    series = subscribers_over_time(days=NEWSLETTER_DAYS)
    lists = []
    for newsletter, points in series.items():
        peak = max([count for _day, count in points] + [1])
        lists.append(
            {
                "newsletter": newsletter,
                "now": points[-1][1] if points else 0,
                "change": (points[-1][1] - points[0][1]) if points else 0,
                "points": [(day, count, peak) for day, count in points],
            }
        )
    issues = latest_issues(limit=10)
    # Gifts that followed an issue's appeal link: Fundraising's figure, never shown to editors.
    sees_giving = request.user.has_perm("newsletters.view_subscriber_giving")
    if sees_giving:
        for issue in issues:
            count, amount = gifts_prompted_by(issue)
            issue.gifts = count
            issue.gifts_amount = format_paise(amount)
    return _render(
        request,
        "newsletters.html",
        {"lists": lists, "issues": issues, "days": NEWSLETTER_DAYS, "sees_giving": sees_giving},
    )


# --- Wire (syndication's partner-wire ingest) ----------------------------------------------------


@staff_view("wire")
@require_GET
def wire(request):
    query = (request.GET.get("q") or "").strip()[:100]
    page = _page(request, wire_items(query=query))
    page.object_list = with_target_sections(page.object_list)
    return _render(
        request,
        "wire.html",
        {
            "page": page,
            "query": query,
            "can_draft": request.user.has_perm("articles.add_article"),
        },
    )


@staff_view("wire", permission="articles.add_article")
@require_POST
def wire_draft(request, pk):
    item = get_object_or_404(WireItem.objects.select_related("source"), pk=pk)
    try:
        article = wire_item_to_draft(actor=request.user, item=item)
    except WireSectionMissingError as error:
        messages.error(request, str(error))
        return redirect(reverse("dashboard:wire"))
    messages.success(
        request, _("Draft made from the wire: “%(headline)s”.") % {"headline": article.headline}
    )
    return redirect(reverse("admin:articles_article_change", args=[article.pk]))


# --- Live coverage -------------------------------------------------------------------------------


def _live_page(request, *, start_form=None, status=200):
    context = {
        "running": LiveCoverage.objects.running().select_related("article__section"),
        "ended": LiveCoverage.objects.ended().select_related("article__section")[:LANDING_ITEMS],
    }
    if request.user.has_perm("live.add_livecoverage"):
        context["start_form"] = start_form or LiveStartForm(next_url="")
    return _render(request, "live.html", context, status=status)


@staff_view("live")
@require_GET
def live(request):
    return _live_page(request)


@staff_view("live", permission="live.add_livecoverage")
@require_POST
def live_start(request):
    form = LiveStartForm(request.POST)
    done = form.perform(request.user)
    if done:
        messages.success(request, done)
        return redirect("dashboard:live_coverage", pk=form.coverage.pk)
    messages.error(request, _("The coverage was not started; see the form below."))
    return _live_page(request, start_form=form, status=400)


def _coverage_page(request, coverage, *, entry_form=None, end_form=None, status=200):
    entries = list(coverage.entries.select_related("image", "author"))
    context = {
        "coverage": coverage,
        "live": arrange(coverage, entries),
        "entries": entries,
    }
    if coverage.is_running:
        context["entry_form"] = entry_form or DashboardLiveEntryForm(
            target=coverage, next_url=request.get_full_path() if request.method == "GET" else ""
        )
        context["form_media"] = context["entry_form"].media
        if request.user.has_perm("live.change_livecoverage"):
            context["end_form"] = end_form or LiveEndForm(target=coverage, instance=coverage)
            context["form_media"] += context["end_form"].media
    return _render(request, "live_coverage.html", context, status=status)


def _coverage(pk):
    return get_object_or_404(LiveCoverage.objects.select_related("article__section"), pk=pk)


@staff_view("live")
@require_GET
def live_coverage(request, pk):
    return _coverage_page(request, _coverage(pk))


@staff_view("live", permission="live.add_liveentry")
@require_POST
def live_post(request, pk):
    coverage = _coverage(pk)
    form = DashboardLiveEntryForm(request.POST, target=coverage)
    done = form.perform(request.user)
    if done:
        messages.success(request, done)
        return redirect("dashboard:live_coverage", pk=coverage.pk)
    messages.error(request, _("The update was not posted; see the form below."))
    return _coverage_page(request, coverage, entry_form=form, status=400)


@staff_view("live", permission="live.change_livecoverage")
@require_POST
def live_end(request, pk):
    coverage = _coverage(pk)
    form = LiveEndForm(request.POST, target=coverage, instance=coverage)
    done = form.perform(request.user)
    if done:
        messages.success(request, done)
        return redirect("dashboard:live_coverage", pk=coverage.pk)
    messages.error(request, _("The coverage was not ended; see the form below."))
    return _coverage_page(request, coverage, end_form=form, status=400)


def _entry(pk):
    return get_object_or_404(LiveEntry.objects.select_related("coverage__article"), pk=pk)


@staff_view("live", permission="live.change_liveentry")
@require_POST
def live_entry_pin(request, pk):
    entry = _entry(pk)
    pinned = not entry.pinned
    entry_pin(entry=entry, actor=request.user, pinned=pinned)
    messages.success(
        request,
        (_("Pinned “%(entry)s” on top.") if pinned else _("Unpinned “%(entry)s”."))
        % {"entry": entry},
    )
    return redirect("dashboard:live_coverage", pk=entry.coverage_id)


@staff_view("live", permission="live.delete_liveentry")
@require_POST
def live_entry_delete(request, pk):
    entry = _entry(pk)
    entry_delete(entry=entry, actor=request.user)
    messages.success(request, _("Deleted “%(entry)s”.") % {"entry": entry})
    return redirect("dashboard:live_coverage", pk=entry.coverage_id)


@staff_view("live", permission="articles.add_article")
@require_POST
def live_entry_promote(request, pk):
    entry = _entry(pk)
    try:
        draft = entry_promote(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dashboard:live_coverage", pk=entry.coverage_id)
    messages.success(
        request,
        _("Made the draft story “%(headline)s” from the update: write it up here.")
        % {"headline": draft.headline},
    )
    return redirect(reverse("admin:articles_article_change", args=[draft.pk]))


@staff_view("live", permission="ticker.add_tickeritem")
@require_POST
def live_entry_ticker(request, pk):
    entry = _entry(pk)
    try:
        item = entry_send_to_ticker(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(text)s” is on the ticker now.") % {"text": item.text})
    return redirect("dashboard:live_coverage", pk=entry.coverage_id)
