"""Reads of the image library that more than one place needs."""

from django.db.models import Q

from .models import Image

# What a search of the library looks in: the words on the picture and who uploaded it.
SEARCHED_FIELDS = (
    "caption",
    "credit",
    "alt_text",
    "uploaded_by__username",
    "uploaded_by__first_name",
    "uploaded_by__last_name",
)


def library_search(query="", queryset=None):
    """Library pictures matching every word of `query` in a caption, credit, alt text or the
    uploader's name, newest first, with the uploader loaded (one query for a page of them)."""
    queryset = Image.objects.all() if queryset is None else queryset
    for word in query.split()[:10]:
        condition = Q()
        for field in SEARCHED_FIELDS:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset.select_related("uploaded_by")
