"""Admin choice fields that answer a forged id with the form's own message.

Django's admin autocomplete widgets look up every posted id to redraw a refused form, and its
many-to-many field looks them up with `__in`: an id that is not a number ("x", a NUL) is a
ValueError and one too large for the column an OverflowError on SQLite, both a 500. The widgets
here leave such ids out of the redrawn choices (the field has already said they are wrong) and
the many-to-many field is newsroom.forms.ModelMultipleChoiceField.
"""

from django.contrib.admin import widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

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


class CheckedChangeList(ChangeList):
    """A list whose date filters beyond the calendar (?publish_at__year=9999&publish_at__month=12,
    ?publish_at__lt=0001-01-01 in a zone east of UTC) send the admin back to the plain list
    ("?e=1"), as Django already does for other wacky filters, instead of an OverflowError."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            return super().get_results(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class SafeChoicesAdminMixin:
    """Put before admin.ModelAdmin in a ModelAdmin's bases: its autocomplete and many-to-many
    fields refuse a forged id with a message, and its list an impossible date filter, instead of
    a 500."""

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

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
