"""Reading live coverage: what readers of a story see (its coverage and entries, pinned first)."""

from dataclasses import dataclass

from articles.models import Article

from .models import LiveCoverage


@dataclass(frozen=True)
class CoverageView:
    coverage: LiveCoverage
    pinned: object  # the pinned LiveEntry, or None
    entries: list  # the rest, newest first

    @property
    def count(self):
        return len(self.entries) + (1 if self.pinned else 0)

    @property
    def latest(self):
        """The newest entry (pinned or not), or None."""
        candidates = [entry for entry in (self.pinned, *self.entries[:1]) if entry is not None]
        return max(candidates, key=lambda entry: (entry.posted_at, entry.pk), default=None)


def coverage_for_readers(article_id):
    """The coverage of a published story with its entries (two queries), or None."""
    coverage = (
        LiveCoverage.objects.select_related("article", "article__section")
        .filter(article__in=Article.objects.published().filter(pk=article_id))
        .first()
    )
    if coverage is None:
        return None
    return arrange(coverage, list(coverage.entries.select_related("image")))


def arrange(coverage, entries):
    """Entries (newest first) arranged for the page: the pinned one apart, above the rest."""
    pinned = next((entry for entry in entries if entry.pinned), None)
    return CoverageView(
        coverage=coverage,
        pinned=pinned,
        entries=[entry for entry in entries if entry is not pinned],
    )
