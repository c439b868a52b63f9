"""Admin choice fields that answer a forged id with the form's own message.

Django's admin autocomplete widgets look up every posted id to redraw a refused form, and its
many-to-many field looks them up with `__in`: an id that is not a number ("x", a NUL) is a
ValueError and one too large for the column an OverflowError on SQLite, both a 500. The widgets
here leave such ids out of the redrawn choices (the field has already said they are wrong) and
the many-to-many field is newsroom.forms.ModelMultipleChoiceField.
"""

from django.contrib.admin import widgets

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


class SafeChoicesAdminMixin:
    """Put first in a ModelAdmin's bases: its autocomplete and many-to-many fields refuse a
    forged id with a message instead of a 500."""

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
