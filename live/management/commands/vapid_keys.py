"""`manage.py vapid_keys`: a new VAPID key pair for Web Push, as environment lines.

`--file var/vapid.env` writes them there unless the file exists already (`make run` does this, so
the demo can send alerts; var/ is never committed). In production, put the two keys in the
environment yourself and keep them: changing them ends every reader's subscription.
"""

import base64
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand


def _b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def new_key_pair():
    """(public, private): the public key as browsers take it (applicationServerKey), the
    private key as pywebpush takes it; both base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64(public), _b64(private)


class Command(BaseCommand):
    help = "Make a VAPID key pair for Web Push alerts (print it, or write it to --file)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Write VAPID_* lines here unless the file exists.")

    def handle(self, *args, file=None, **options):
        if file and Path(file).exists():
            self.stdout.write(f"{file} exists: keeping its keys.")
            return
        public, private = new_key_pair()
        lines = f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}\n"
        if file:
            path = Path(file)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(lines)
            path.chmod(0o600)
            self.stdout.write(f"Wrote a new VAPID key pair to {file}.")
        else:
            self.stdout.write(lines, ending="")
