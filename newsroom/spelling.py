"""Spell-check in the staff's text fields, in the language of the page.

Browsers check spelling in a field when it says `spellcheck="true"`, in the language of its `lang`
(else the page's). The admin's page says the active language (`<html lang>`); each text box of a
model admin that mixes in `SpellCheckedAdminMixin` says it again, so a story written in another
language (Hindi, when the newsroom activates it) is checked in that language. Fields that are not
prose (addresses, handles, slugs) are left out by name. The rich-text body is the prose editor's:
its NoSpellCheck extension is switched off where the field is declared (articles.models).
"""

from django import forms
from django.utils.translation import get_language

# Fields that hold codes and addresses rather than words.
NOT_PROSE = frozenset({"slug", "handle", "source_url", "username"})


def spellchecked(widget):
    """Mark one text widget for spell-checking in the active language; returns it."""
    widget.attrs.setdefault("spellcheck", "true")
    widget.attrs.setdefault("lang", get_language() or "en")
    return widget


class SpellCheckedAdminMixin:
    """For ModelAdmin and inlines: every one-line and multi-line text box is spell-checked."""

    spellcheck_exclude = NOT_PROSE

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            field is not None
            and db_field.name not in self.spellcheck_exclude
            and isinstance(field.widget, forms.TextInput | forms.Textarea)
        ):
            spellchecked(field.widget)
        return field
