"""Admin choice fields that answer a forged id with the form's own message.

Django's admin autocomplete widgets look up every posted id to redraw a refused form, and its
many-to-many field looks them up with `__in`: an id that is not a number ("x", a NUL) is a
ValueError and one too large for the column an OverflowError on SQLite, both a 500. The widgets
here leave such ids out of the redrawn choices (the field has already said they are wrong) and
the many-to-many field is newsroom.forms.ModelMultipleChoiceField.
"""

from datetime import UTC

from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import ModelMultipleChoiceField, usable_ids


def _target(db_field):
    remote = db_field.remote_field
    options = remote.model._meta
    return options.get_field(getattr(remote, "field_name", None) or options.pk.name)


class AutocompleteSelect(widgets.AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, usable_ids(_target(self.field), value), attr)


class AutocompleteSelectMultiple(widgets.AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, usable_ids(_target(self.field), value), attr)


# Lookups that compare a date field with one date or time typed into the address.
DATE_COMPARISONS = {"exact", "gt", "gte", "lt", "lte", "date"}


def _date_field(model, key):
    """(field, lookup) when the filter parameter `key` compares a date or date-time field with
    one value (?publish_at__lt=..., ?article__publish_at=...), else (None, None)."""
    parts, lookup = key.split(LOOKUP_SEP), "exact"
    if len(parts) > 1 and parts[-1] in DATE_COMPARISONS:
        lookup = parts.pop()
    try:
        field = get_fields_from_path(model, LOOKUP_SEP.join(parts))[-1]
    except (FieldDoesNotExist, NotRelationField):
        return None, None  # not a field: Django's own checks answer it
    if isinstance(field, (models.DateField, models.DateTimeField)):
        return field, lookup
    return None, None


def _checked_date(field, lookup, value):
    """`value` as the list filter may use it; IncorrectLookupParameters if it is no date, or no
    time the database can hold once in UTC. A date-time without an offset is read in the site's
    zone (Django would warn about the naive value, then fail converting year 1 to UTC)."""
    try:
        if lookup == "date" or not isinstance(field, models.DateTimeField):
            models.DateField().to_python(value)
            return value
        parsed = field.to_python(value)
    except ValidationError as error:
        raise IncorrectLookupParameters(error) from error
    if parsed is None:
        return value
    try:
        aware = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        aware.astimezone(UTC)
    except (OverflowError, ValueError) as error:
        raise IncorrectLookupParameters(error) from error
    return value if aware is parsed else str(aware)


class CheckedChangeList(ChangeList):
    """A list whose date filters are malformed (?publish_at__lt=yesterday) or beyond the calendar
    (?publish_at__year=9999&publish_at__month=12, ?publish_at__lt=0001-01-01 in a zone east of
    UTC) sends the admin back to the plain list ("?e=1", with a message: SafeChoicesAdminMixin),
    as Django already does for other wacky filters, instead of an OverflowError, a ValidationError
    or a warning about a naive time."""

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        for key, values in lookup_params.items():
            field, lookup = _date_field(self.model, key)
            if field is not None:
                lookup_params[key] = [_checked_date(field, lookup, value) for value in values]
        return lookup_params

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            # The date hierarchy's year 9999 ends in year 10000: Django's ValueError.
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            return super().get_results(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class CheckedListAdminMixin:
    """A ModelAdmin whose list refuses an impossible date filter with a message instead of a 500.
    NewsroomAdminSite gives it to every admin registered (Django's, third parties', ours)."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters:
            # Django then sends the admin to the plain list ("?e=1"); say why there.
            self.message_user(
                request,
                _("That filter could not be applied (a date outside the calendar, perhaps)."),
                messages.WARNING,
            )
            raise


class SafeChoicesAdminMixin(CheckedListAdminMixin):
    """Put before admin.ModelAdmin in a ModelAdmin's bases: its autocomplete and many-to-many
    fields refuse a forged id with a message, and its list an impossible date filter, instead of
    a 500."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class NewsroomAdminSite(admin.AdminSite):
    """The admin site (newsroom.apps.NewsroomAdminConfig makes it the default): every ModelAdmin
    registered on it gets CheckedListAdminMixin, unless it chooses its own change list."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if admin_class.get_changelist is admin.ModelAdmin.get_changelist:
            admin_class = type(
                admin_class.__name__,
                (CheckedListAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)
