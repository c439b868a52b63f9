"""Form 10BE certificates as uploaded by Fundraising staff: each file checked to be a real PDF
of a sensible size, a ZIP bundle (as the income-tax portal's bulk download gives them) opened
with limits, and each certificate matched to a donor of the year's Form 10BD by the PAN in its
file name or, failing that, in its text.

Nothing here trusts the browser: not the content type, not the file name's extension. A file
is a PDF when it begins like one and pypdf can read its page tree; a ZIP is read in memory
entry by entry, each entry's real size capped as it is read (a bomb's header can lie)."""

import io
import logging
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A 10BE certificate is a one- or two-page PDF of about 100 KB; anything far larger is not one.
MAX_PDF_BYTES = 2 * 1024 * 1024
MAX_PDF_PAGES = 20
# The portal's bundle for a year: one PDF per donor.
MAX_BUNDLE_BYTES = 30 * 1024 * 1024
MAX_BUNDLE_FILES = 2000
MAX_BUNDLE_UNPACKED_BYTES = 200 * 1024 * 1024
# Only the first pages' text is read to find the PAN (it is on the first page).
TEXT_PAGES = 2

logger = logging.getLogger(__name__)

PAN_IN_TEXT = re.compile(r"(?<![A-Z0-9])([A-Z]{3}[PCHFATBLJG][A-Z][0-9]{4}[A-Z])(?![A-Z0-9])")


@dataclass
class CertificateFile:
    """A file that passed the checks: its name, its bytes and what text could be read."""

    name: str
    content: bytes
    text: str = ""
    protected: bool = False


@dataclass
class RefusedFile:
    name: str
    reason: str


def clean_name(name):
    """The last part of an uploaded or zipped path, without control characters, cut short."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:200] or "certificate.pdf"


def read_pdf(name, content):
    """A CertificateFile when `content` is a readable PDF within the limits; ValidationError
    saying what is wrong otherwise."""
    if len(content) > MAX_PDF_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s KB; a Form 10BE certificate is a PDF of at most %(max)s KB.")
            % {"name": name, "size": len(content) // 1024, "max": MAX_PDF_BYTES // 1024}
        )
    if not content.lstrip(b"\r\n\t ")[:5] == b"%PDF-":
        raise ValidationError(
            _("%(name)s is not a PDF (its contents are not a PDF's, whatever its name says).")
            % {"name": name}
        )
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            # Opening it needs a password (the donor's, as some of the portal's PDFs do): its
            # structure was read, its pages cannot be. Matched by its name or attached by hand.
            return CertificateFile(name=name, content=content, protected=True)
        pages = len(reader.pages)
    except Exception as error:
        raise ValidationError(
            _("%(name)s is damaged or not a PDF: it could not be read.") % {"name": name}
        ) from error
    if not 1 <= pages <= MAX_PDF_PAGES:
        raise ValidationError(
            _("%(name)s has %(pages)s pages; a Form 10BE certificate has one or two.")
            % {"name": name, "pages": pages}
        )
    text = []
    for page in reader.pages[:TEXT_PAGES]:
        try:
            text.append(page.extract_text() or "")
        except Exception:
            # Text is only a help for matching; a page whose text cannot be read is still a page.
            logger.info("No text from a page of an uploaded certificate", exc_info=True)
    return CertificateFile(name=name, content=content, text="\n".join(text)[:200_000])


def read_upload(uploaded):
    """The certificate files in one upload (a PDF, or a ZIP of PDFs) and those refused, with
    the reason. A ZIP over the limits is refused whole (ValidationError)."""
    name = clean_name(uploaded.name)
    if uploaded.size > MAX_BUNDLE_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(max)s MB.")
            % {"name": name, "max": MAX_BUNDLE_BYTES // (1024 * 1024)}
        )
    content = b"".join(uploaded.chunks())
    if content[:4] == b"PK\x03\x04" or name.lower().endswith(".zip"):
        return _read_bundle(name, content)
    try:
        return [read_pdf(name, content)], []
    except ValidationError as error:
        return [], [RefusedFile(name, " ".join(error.messages))]


def _read_bundle(name, content):
    try:
        bundle = zipfile.ZipFile(io.BytesIO(content))
        entries = [entry for entry in bundle.infolist() if not entry.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ValidationError(
            _("%(name)s is not a ZIP file that can be opened.") % {"name": name}
        ) from error
    if len(entries) > MAX_BUNDLE_FILES:
        raise ValidationError(
            _("%(name)s holds %(count)s files; at most %(max)s at once.")
            % {"name": name, "count": len(entries), "max": MAX_BUNDLE_FILES}
        )
    accepted, refused = [], []
    unpacked = 0
    for entry in entries:
        entry_name = clean_name(entry.filename)
        if entry_name.startswith(".") or "__MACOSX/" in entry.filename:
            continue  # A packing program's own files, not certificates.
        if entry.flag_bits & 0x1:
            refused.append(RefusedFile(entry_name, _("It is encrypted inside the ZIP.")))
            continue
        try:
            with bundle.open(entry) as stream:
                data = stream.read(MAX_PDF_BYTES + 1)
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
            refused.append(RefusedFile(entry_name, _("It could not be unpacked.")))
            continue
        unpacked += len(data)
        if unpacked > MAX_BUNDLE_UNPACKED_BYTES:
            raise ValidationError(
                _("%(name)s unpacks to more than %(max)s MB; upload it in parts.")
                % {"name": name, "max": MAX_BUNDLE_UNPACKED_BYTES // (1024 * 1024)}
            )
        try:
            accepted.append(read_pdf(entry_name, data))
        except ValidationError as error:
            refused.append(RefusedFile(entry_name, " ".join(error.messages)))
    if not accepted and not refused:
        raise ValidationError(_("%(name)s holds no files.") % {"name": name})
    return accepted, refused


def without_pans(text):
    """`text` (a file's name) with any PAN in it masked, to be kept or recorded."""
    from .pan import mask_pan

    pattern = re.compile(PAN_IN_TEXT.pattern, re.IGNORECASE)
    return pattern.sub(lambda found: mask_pan(found.group(1)), str(text or ""))


def pans_in(text):
    return set(PAN_IN_TEXT.findall(str(text or "").upper()))


def match_donor(certificate, donors_by_pan):
    """The donor (of `donors_by_pan`, PAN -> donor) a certificate is for: the one PAN of the
    year's donors in its file name, else in its text. Returns (donor, None) or (None, reason)."""
    for where in (certificate.name, certificate.text):
        found = pans_in(where) & donors_by_pan.keys()
        if len(found) == 1:
            return donors_by_pan[found.pop()], None
        if len(found) > 1:
            return None, _("It names more than one donor's PAN; attach it to the donor by hand.")
    return None, _(
        "No PAN of this year's Form 10BD donors is in its name or text; attach it to the donor "
        "by hand."
    )


def check_for_donor(certificate, donor, donors_by_pan):
    """A certificate attached to `donor` by hand must not name another donor's PAN only: that
    would send one person's tax certificate, with their PAN, to someone else."""
    named = (pans_in(certificate.name) | pans_in(certificate.text)) & donors_by_pan.keys()
    if named and donor.pan not in named:
        raise ValidationError(
            _("%(name)s is another donor's certificate (it names the PAN %(other)s).")
            % {"name": certificate.name, "other": donors_by_pan[sorted(named)[0]].pan_masked}
        )
