"""Pagination without COUNT(*), for reader listings and the staff dashboard alike."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator


class ListingPage(Page):
    """A page that knows whether an older one exists without knowing how many there are."""

    def __init__(self, object_list, number, paginator, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next and number < paginator.MAX_PAGES

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def start_index(self):
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class ListingPaginator(Paginator):
    """Pages of a listing without COUNT(*) over the archive: each page reads one row more than it
    shows to know whether an older page exists. Deep pages are bounded at MAX_PAGES: OFFSET costs
    grow with the page number, and readers past a few hundred pages are crawlers, who have the
    sitemaps. Templates show "Page N", never "of M"."""

    MAX_PAGES = 500

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not a whole number.") from error
        if number < 1 or number > self.MAX_PAGES:
            raise EmptyPage("That page does not exist.")
        return number

    def page(self, number):
        number = self.validate_number(number)
        return self.page_of(number, self.read(number))

    def read(self, number):
        """(rows, has_next) of a valid page number: what a page is made of, to keep and share."""
        offset = (number - 1) * self.per_page
        rows = list(self.object_list[offset : offset + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results.")
        return rows[: self.per_page], len(rows) > self.per_page

    def page_of(self, number, read):
        rows, has_next = read
        return ListingPage(rows, number, self, has_next)

    @property
    def count(self):
        raise NotImplementedError("ListingPaginator does not count the archive.")

    @property
    def num_pages(self):
        raise NotImplementedError("ListingPaginator does not count the archive.")
