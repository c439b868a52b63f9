"""The languages the newsroom publishes in, and which one a request is in.

`settings.LANGUAGES` names them (the first, `LANGUAGE_CODE`, is the default) and
`settings.NEWSROOM_LANGUAGES` says what each needs beyond Django's own: the tag for `<html lang>`
and `hreflang`, `og:locale`, PostgreSQL's text-search configuration, whether its pages print
numbers in its own digits. A reader page's language is in its address (`/hi/...`; no prefix is the
default), never in a cookie or the Accept-Language header: the page cache keys pages by address,
so each language's page is stored apart and every reader of an address gets the same page.
"""

from django.conf import settings
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.urls import translate_url
from django.utils import translation

# The text-search configuration for a language PostgreSQL has none for.
FALLBACK_SEARCH_CONFIG = "simple"


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def other_languages():
    """The languages besides the default, in settings order."""
    return [code for code in language_codes() if code != settings.LANGUAGE_CODE]


def language_name(code):
    """The language's name in its own words ("हिन्दी")."""
    return dict(settings.LANGUAGES).get(code, code)


def language_info(code):
    """What the site needs to know about a language: code, name, tag, og_locale,
    search_config, native_digits."""
    extra = settings.NEWSROOM_LANGUAGES.get(code, {})
    return {
        "code": code,
        "name": language_name(code),
        "tag": extra.get("tag", code),
        "og_locale": extra.get("og_locale", code),
        "search_config": extra.get("search_config", FALLBACK_SEARCH_CONFIG),
        "native_digits": bool(extra.get("native_digits", False)),
    }


def current_language():
    """The active language, one of settings.LANGUAGES (the default for anything else)."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    code = code.split("-")[0]
    return code if code in language_codes() else settings.LANGUAGE_CODE


def story_language_choices():
    """Choices of Article.language: a callable, so adding a language needs no migration."""
    return list(settings.LANGUAGES)


def path_language(path):
    """The language a path's first segment names (`/hi/...`), or the default."""
    first = path.lstrip("/").split("/", 1)[0]
    if first in language_codes() and first != settings.LANGUAGE_CODE:
        return first
    return settings.LANGUAGE_CODE


def page_versions(request, versions=None):
    """[(code, path)] of the page in each language, in settings order, or [] for a page that
    is in one language only. `versions` ({code: path}) are a story's published versions; other
    pages (home, a section, a tag, an author, search) exist in every language at the address
    Django's `translate_url` gives; pages outside the language prefixes have the same address
    in every language and so no versions."""
    if versions is not None:
        found = [(code, versions[code]) for code in language_codes() if code in versions]
        return found if len(found) > 1 else []
    path = request.path
    found = [(code, translate_url(path, code)) for code in language_codes()]
    if len({address for _code, address in found}) < len(found):
        return []
    return found


class LanguageFromPathMiddleware:
    """Activates the language the address names, and nothing else: unlike Django's
    LocaleMiddleware it never reads Accept-Language or a cookie and never adds
    `Vary: Accept-Language`, so a page is one cache entry per address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = path_language(request.path_info)
        request.LANGUAGE_CODE = language
        # Rendering happens inside; the language before the request comes back after it.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language_info(language)["tag"])
        return response


class _LocalisedAttribute(DeferredAttribute):
    """Reads a field in the page's language: the row's own value in the default language, its
    entry in the row's `translations` ({"hi": {"name": ...}}) in another, else the own value."""

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None:
            return value
        language = current_language()
        if language == settings.LANGUAGE_CODE:
            return value
        # Only when the row was read with its translations: never a query per row.
        translations = instance.__dict__.get("translations") or {}
        return (translations.get(language) or {}).get(self.field.attname) or value

    def __set__(self, instance, value):
        # A data descriptor: Django's own is not, so the row's value in the instance's __dict__
        # would hide __get__ above once loaded.
        instance.__dict__[self.field.attname] = value


class LocalisedTextField(models.TextField):
    """LocalisedCharField's multi-line sibling."""

    descriptor_class = _LocalisedAttribute


class LocalisedCharField(models.CharField):
    """A CharField whose value on a page in another language is that language's, kept in the
    model's `translations` JSONField. Forms and the admin (always in the default language) see and
    save the row's own value; `translations` holds the rest (a form field per language)."""

    descriptor_class = _LocalisedAttribute


def translation_field_names(fields):
    """The form fields `add_translation_fields` makes: ("name_hi", "name", "hi"), ..."""
    return [(f"{name}_{code}", name, code) for code in other_languages() for name in fields]


def add_translation_fields(form_class, model, fields):
    """Give an admin ModelForm class one field per other language for each localised model field
    in `fields` (labelled "Name (हिन्दी)"), read from and written to the row's `translations`.
    Declared on the class, so the admin lays them out (name them in fieldsets with
    `translation_field_names`)."""
    from django import forms

    for form_name, name, code in translation_field_names(fields):
        model_field = model._meta.get_field(name)
        widget = forms.Textarea if isinstance(model_field, models.TextField) else forms.TextInput
        field = forms.CharField(
            label=f"{model_field.verbose_name} ({language_name(code)})".capitalize(),
            max_length=model_field.max_length,
            required=False,
            widget=widget(attrs={"lang": code, "spellcheck": "true"}),
        )
        form_class.base_fields[form_name] = field
        form_class.declared_fields[form_name] = field
    original_init, original_save = form_class.__init__, form_class.save

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        stored = self.instance.translations or {}
        for form_name, name, code in translation_field_names(fields):
            self.initial.setdefault(form_name, (stored.get(code) or {}).get(name, ""))

    def save(self, commit=True):
        translations = dict(self.instance.translations or {})
        for code in other_languages():
            values = {}
            for form_name, name, field_code in translation_field_names(fields):
                value = (self.cleaned_data.get(form_name) or "").strip()
                if field_code == code and value:
                    values[name] = value
            if values:
                translations[code] = values
            else:
                translations.pop(code, None)
        self.instance.translations = translations
        return original_save(self, commit)

    form_class.__init__, form_class.save = init, save
    return form_class
