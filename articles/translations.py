"""A story's versions in other languages (docs/architecture.md, "Languages").

Versions of one story share `Article.translation_group`, one per language (a constraint). A new
version starts from an existing one with `article_translation_start`: a draft in the other
language with the same section, tags, lead picture and pictures in the body, and none of the
text (a translation is written, not copied: the writer starts from an empty headline and body).
Each version is a story of its own: its own workflow, address, revisions and corrections.
"""

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from reversion import create_revision, set_comment, set_user

from newsroom.languages import language_codes, language_name
from newsroom.services import audit_record

from .models import Article, ArticleImage
from .services import DRAFT, WorkflowError

TRANSLATION_STARTED = "translation started"


def provisional_slug(language):
    """A translation's address until its writer gives it one (the story form fills the slug
    from the headline while it still starts with this)."""
    return f"{language}-draft-{uuid.uuid4().hex[:10]}"


def is_provisional_slug(slug):
    return any(slug.startswith(f"{code}-draft-") for code in language_codes())


def missing_languages(article):
    """The newsroom's languages this story has no version in yet."""
    have = set(
        Article.objects.filter(translation_group=article.translation_group).values_list(
            "language", flat=True
        )
    )
    return [code for code in language_codes() if code not in have]


def article_translation_start(*, actor, article, language):
    """A draft version of `article` in `language`, in the actor's name: section, tags, lead
    picture (with no caption of its own: the library's, or the writer's new one) and the body's
    pictures copied; headline, standfirst, body and captions left for the translation."""
    if language not in language_codes():
        raise WorkflowError(_("The newsroom does not publish in that language."))
    if language == article.language:
        raise WorkflowError(_("The story is already in that language."))
    if not actor.has_perm("articles.add_article"):
        raise WorkflowError(_("You may not start new stories."))
    with transaction.atomic():
        original = Article.objects.select_for_update().get(pk=article.pk)
        if language not in missing_languages(original):
            raise WorkflowError(
                _("This story already has a version in %(language)s.")
                % {"language": language_name(language)}
            )
        version = Article(
            headline="",
            slug=provisional_slug(language),
            language=language,
            translation_group=original.translation_group,
            section=original.section,
            lead_image=original.lead_image,
            urgency=original.urgency,
            show_donation_appeal=original.show_donation_appeal,
            comments_enabled=original.comments_enabled,
            status=DRAFT,
            created_by=actor,
        )
        try:
            with transaction.atomic(), create_revision():
                version.save()
                set_user(actor)
                set_comment(
                    _("Started as a translation of “%(headline)s”") % {"headline": original}
                )
        except IntegrityError as error:  # another writer started it a moment ago
            raise WorkflowError(_("This story already has a version in that language.")) from error
        version.tags.set(list(original.tags.all()))
        ArticleImage.objects.bulk_create(
            ArticleImage(
                article=version, image_id=placed.image_id, after_paragraph=placed.after_paragraph
            )
            for placed in original.body_images.all()
        )
        audit_record(
            actor=actor,
            action=TRANSLATION_STARTED,
            obj=version,
            to_state=DRAFT,
            note=_("From the %(language)s version, “%(headline)s” (#%(pk)s)")
            % {
                "language": language_name(original.language),
                "headline": original,
                "pk": original.pk,
            },
        )
    return version
