"""Choosing a library picture in a form: a widget showing the chosen picture's thumbnail with a
button that opens the chooser dialog (images/static/images/chooser.js, views in chooser.py).

Any admin whose model points at `Image` (a story's lead image, its body pictures) mixes in
`ImageChooserAdminMixin`; an inline's formset mixes in `PreloadChosenImagesMixin`, so a form with
many pictures loads them in one query rather than one per row.
"""

from django import forms
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property

from .chooser import thumbnail
from .models import Image


class ImageChooserWidget(forms.Widget):
    # Not a hidden widget (no input_type "hidden"), although its input is: the admin would hide
    # the whole row.
    template_name = "images/chooser_widget.html"

    class Media:
        css = {"all": ["images/chooser.css"]}
        js = ["images/chooser.js"]

    def __init__(self, attrs=None, *, purpose="", admin_site_name="admin"):
        super().__init__(attrs)
        self.purpose = purpose  # "lead image": said to screen readers on the button
        self.admin_site_name = admin_site_name
        # {str(pk): Image} loaded for many widgets at once (PreloadChosenImagesMixin).
        self.preloaded = None

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.preloaded = None
        return copy

    def id_for_label(self, id_):
        # The field's label names the group; the button says what it does (its own text), so the
        # label points at nothing rather than at a hidden input.
        return None

    def chosen_image(self, value):
        if value in (None, ""):
            return None
        key = str(value)
        if self.preloaded is not None and key in self.preloaded:
            return self.preloaded[key]
        if not key.isdigit():
            return None
        return Image.objects.filter(pk=key).first()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        image = self.chosen_image(value)
        context["chooser"] = {
            "url": reverse(f"{self.admin_site_name}:images_image_chooser"),
            "image": image,
            "label": str(image) if image else "",
            "thumbnail": thumbnail(image) if image else None,
            "missing": image.missing_metadata if image else [],
            "purpose": self.purpose,
        }
        return context


def image_chooser_formfield(db_field, admin_site, **kwargs):
    widget = ImageChooserWidget(purpose=db_field.verbose_name, admin_site_name=admin_site.name)
    return db_field.formfield(**{**kwargs, "widget": widget})


class ImageChooserAdminMixin:
    """For a ModelAdmin or inline: every foreign key to a library picture is chosen with the
    chooser (thumbnails, search, upload in a dialog) instead of a select box and a popup."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ForeignKey) and db_field.remote_field.model is Image:
            return image_chooser_formfield(db_field, self.admin_site, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PreloadChosenImagesMixin:
    """For a formset whose forms choose pictures: the chosen pictures of every form are loaded in
    one query, not one per form as each widget renders."""

    @cached_property
    def forms(self):
        forms_ = super().forms
        fields = [
            (form, name)
            for form in forms_
            for name, field in form.fields.items()
            if isinstance(field.widget, ImageChooserWidget)
        ]
        wanted = {str(form[name].value()) for form, name in fields} - {"None", ""}
        wanted = {key for key in wanted if key.isdigit()}
        found = {str(pk): image for pk, image in Image.objects.in_bulk(wanted).items()}
        for form, name in fields:
            # Asked for and not found (deleted meanwhile): shown as nothing chosen, no query.
            form.fields[name].widget.preloaded = {key: found.get(key) for key in wanted}
        return forms_
