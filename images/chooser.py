"""The picture chooser of forms that pick a library picture (a story's lead image, its body
pictures): a page of thumbnails to search and page through, and an upload that stores a new
picture and hands it back to be chosen at once. Both are admin views (ImageAdmin.get_urls), asked
for by images/static/images/chooser.js from the dialog it opens; the widget is in widgets.py.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .forms import ChooserUploadForm
from .selectors import library_search
from .services import UPLOAD_SLOT_SECONDS, UploadsBusyError, image_save, upload_slot

PER_PAGE = 24
# Longer searches are cut: nobody types more, and every word is one more condition.
MAX_QUERY_LENGTH = 200
# The upload form shares the page with the story form: its fields get names of their own.
UPLOAD_PREFIX = "chooser-upload"


def thumbnail(image):
    """The smallest rendition of `image` as {"url", "width", "height"}, or None (no renditions
    yet). Renditions are on the row, so this asks the database nothing."""
    rendition = image.smallest_rendition
    if rendition is None:
        return None
    return {
        "url": image.file.storage.url(rendition["name"]),
        "width": rendition["width"],
        "height": rendition["height"],
    }


def chosen_payload(image):
    """What the page needs to show a chosen picture in its field."""
    return {
        "id": image.pk,
        "label": str(image),
        "thumbnail": thumbnail(image),
        "missing": image.missing_metadata,
    }


@require_GET
def chooser_view(request, model_admin):
    """The chooser's content (an HTML fragment for the dialog): the search form, one page of
    matching pictures and, for those who may add pictures, the upload form."""
    if not model_admin.has_view_permission(request):
        return TemplateResponse(
            request,
            "images/chooser_refused.html",
            {"message": _("You may not choose pictures from the library.")},
            status=403,
        )
    query = " ".join(request.GET.get("q", "")[:MAX_QUERY_LENGTH].split())
    page = Paginator(library_search(query), PER_PAGE).get_page(request.GET.get("page"))
    chosen = request.GET.get("chosen", "")
    pictures = [
        {
            "image": image,
            "thumbnail": thumbnail(image),
            "label": str(image),
            "uploader": _uploader_name(image.uploaded_by),
            "chosen": str(image.pk) == chosen,
        }
        for image in page.object_list
    ]
    may_upload = model_admin.has_add_permission(request)
    return TemplateResponse(
        request,
        "images/chooser.html",
        {
            "query": query,
            "page": page,
            "pictures": pictures,
            "chosen": chosen,
            "may_upload": may_upload,
            "upload_form": ChooserUploadForm(prefix=UPLOAD_PREFIX) if may_upload else None,
        },
    )


def _uploader_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _refusal(message, status, **extra):
    return JsonResponse({"message": message, "errors": {}, **extra}, status=status)


@require_POST
def chooser_upload_view(request, model_admin):
    """Store an uploaded picture in the library and answer with it (201, JSON), or say what is
    wrong with it (4xx, JSON with the message for each field)."""
    if not model_admin.has_add_permission(request):
        return _refusal(_("You may not add pictures to the library."), 403)
    form = ChooserUploadForm(request.POST, request.FILES, prefix=UPLOAD_PREFIX)
    if not form.is_valid():
        return JsonResponse(
            {
                "message": _(
                    "The picture was not added. Correct what is marked and send it again."
                ),
                "errors": {name: list(messages) for name, messages in form.errors.items()},
            },
            status=400,
        )
    try:
        with upload_slot(request.user):
            image = image_save(
                image=form.instance, actor=request.user, new_file=form.cleaned_data["file"]
            )
    except UploadsBusyError as busy:
        response = _refusal(str(busy), 429)
        response["Retry-After"] = str(UPLOAD_SLOT_SECONDS // 4)
        return response
    except ValidationError as invalid:
        errors = invalid.message_dict if hasattr(invalid, "error_dict") else {}
        return _refusal(" ".join(invalid.messages), 400, errors=errors)
    return JsonResponse(chosen_payload(image), status=201)
