"""The donor's PAN for 80G: checked by format, kept encrypted, shown masked.

Encryption is Fernet (AES-128-CBC with an HMAC-SHA256, from the `cryptography` package) under
MultiFernet: the keys come from the environment, DONATIONS_PAN_KEYS (comma-separated Fernet keys,
the first encrypting, all decrypting, so a key can be rotated by putting the new one first and
re-saving). Without it, outside production, a key is derived from SECRET_KEY so `make run` works;
production refuses to start with an 80G registration and no keys (settings.py). The PAN in clear
exists only in memory: on its way in, and in the Form 10BD export that the law asks for."""

import base64
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# Five letters (the fourth says who holds it: P a person, C a company, H a HUF, F a firm, A an
# association, T a trust, B a body of individuals, L a local authority, J an artificial juridical
# person, G government), four digits, a check letter.
PAN_PATTERN = re.compile(r"^[A-Z]{3}[PCHFATBLJG][A-Z][0-9]{4}[A-Z]$")


def normalise_pan(value):
    return re.sub(r"\s+", "", str(value or "")).upper()


def validate_pan(value):
    if not PAN_PATTERN.match(normalise_pan(value)):
        raise ValidationError(
            _("A PAN is ten characters: five letters, four digits and a letter (ABCPE1234F)."),
            code="invalid_pan",
        )


def mask_pan(pan):
    """What pages, e-mails and exports other than 10BD show: the last four characters."""
    pan = normalise_pan(pan)
    return "XXXXXX" + pan[-4:] if len(pan) == 10 else ""


def _fernet():
    from cryptography.fernet import Fernet, MultiFernet

    keys = list(settings.DONATIONS_PAN_KEYS)
    if not keys:
        derived = salted_hmac(
            "donations.pan", "development key", secret=settings.SECRET_KEY, algorithm="sha256"
        ).digest()
        keys = [base64.urlsafe_b64encode(derived)]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt_pan(pan):
    return _fernet().encrypt(normalise_pan(pan).encode()).decode()


def decrypt_pan(token):
    return _fernet().decrypt(token.encode()).decode() if token else ""


def pan_digest(pan):
    """A keyed digest of a PAN (HMAC-SHA256 under SECRET_KEY): the same PAN always gives the
    same digest, so a donor's Form 10BE certificate is found again without keeping the PAN; the
    key keeps anyone without it from trying all PANs. Rotating SECRET_KEY changes the digests
    (a certificate uploaded again afterwards is then a second row for the donor)."""
    return salted_hmac(
        "donations.pan.digest", normalise_pan(pan), secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


def encrypt_bytes(data):
    """A file that carries a PAN (a Form 10BE certificate), encrypted as the PAN is."""
    return _fernet().encrypt(bytes(data))


def decrypt_bytes(token):
    return _fernet().decrypt(bytes(token))
