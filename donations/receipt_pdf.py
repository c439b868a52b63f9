"""A paid gift's receipt as a PDF (fpdf2): attached to the receipt e-mail and downloadable from
"My giving". Made from the stored donation each time, so both always say the same thing.

Text is set in DejaVu Sans when the machine has it (settings.DONATIONS_RECEIPT_FONT; Debian's
fonts-dejavu-core), which covers Latin scripts and the rupee sign; without it, in Helvetica,
with what Latin-1 cannot show replaced."""

from pathlib import Path

from django.conf import settings
from fpdf import FPDF

from newsroom.clock import local

from . import tax

FONT = "receipt"


class _Receipt(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        setting = settings.DONATIONS_RECEIPT_FONT
        font = Path(setting) if setting else None
        bold = font.with_name(font.stem + "-Bold" + font.suffix) if font else None
        self.unicode = bool(font and font.is_file() and bold.is_file())
        if self.unicode:
            self.add_font(FONT, "", str(font))
            self.add_font(FONT, "B", str(bold))
        self.family = FONT if self.unicode else "Helvetica"
        self.set_auto_page_break(auto=True, margin=20)

    def text_of(self, value):
        value = str(value)
        if self.unicode:
            return value
        return value.replace("₹", "Rs. ").encode("latin-1", "replace").decode("latin-1")

    def line(self, text, *, size=11, bold=False, gap=6):
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, gap, self.text_of(text), new_x="LMARGIN", new_y="NEXT")

    def pair(self, label, value):
        self.set_font(self.family, "B", 11)
        self.cell(55, 7, self.text_of(label))
        self.set_font(self.family, "", 11)
        self.multi_cell(0, 7, self.text_of(value), new_x="LMARGIN", new_y="NEXT")


def _rupees(paise):
    rupees, rest = divmod(paise, 100)
    return f"₹{rupees:,}" + (f".{rest:02d}" if rest else "")


def receipt_pdf(donation):
    """The receipt of a paid donation, as PDF bytes."""
    registration = tax.registration() if donation.wants_80g else None
    pdf = _Receipt()
    pdf.set_title(f"Receipt {donation.receipt_number}")
    pdf.set_author(settings.SITE_NAME)
    pdf.set_creator(settings.SITE_NAME)
    pdf.add_page()
    pdf.line(registration["name"] if registration else settings.SITE_NAME, size=18, bold=True)
    if registration and registration.get("address"):
        pdf.line(registration["address"], size=10)
    pdf.ln(4)
    heading = "Receipt under section 80G of the Income-tax Act, 1961" if registration else "Receipt"
    pdf.line(heading, size=14, bold=True)
    pdf.ln(2)
    pdf.pair("Receipt number", donation.receipt_number)
    pdf.pair("Date", local(donation.paid_at).strftime("%d %B %Y"))
    pdf.pair("Received from", donation.tax_name if registration else donation.name)
    if registration:
        pdf.pair("Address", donation.tax_address)
        pdf.pair("Donor PAN", donation.pan_masked)
    amount = _rupees(donation.amount_minor)
    if donation.recurring_gift_id:
        amount += " (a monthly gift)"
    pdf.pair("Amount", amount)
    pdf.pair("Mode of receipt", f"Electronic, through {donation.gateway.capitalize()}")
    pdf.pair("Towards", donation.appeal.title)
    if registration:
        pdf.ln(3)
        pdf.pair("Donee PAN", registration.get("pan", ""))
        urn = registration["registration_number"]
        if registration.get("registration_date"):
            urn += f", dated {registration['registration_date']}"
        if registration.get("valid_until"):
            urn += f", valid until {registration['valid_until']}"
        pdf.pair("80G registration (URN)", urn)
        pdf.ln(3)
        pdf.line(
            "The gift is reported to the Income Tax Department on Form 10BD by 31 May after the "
            "financial year ends; the certificate on Form 10BE follows from us.",
            size=9,
            gap=5,
        )
    pdf.ln(6)
    pdf.line(f"Thank you for supporting {settings.SITE_NAME}.", size=11)
    pdf.line(settings.SITE_URL, size=9)
    return bytes(pdf.output())
