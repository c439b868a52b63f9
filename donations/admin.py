import csv
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from newsroom import clock
from newsroom.admin_choices import SafeChoicesAdminMixin
from newsroom.languages import add_translation_fields, translation_field_names
from newsroom.services import audit_changed_fields_note
from newsroom.spelling import SpellCheckedAdminMixin

from . import certificates as certificates_module
from . import tax
from .forms import CertificateUploadForm
from .models import Appeal, AppealVariant, Donation, PaymentEvent, RecurringGift, TaxCertificate
from .money import format_inr, format_paise
from .receipts import financial_year
from .selectors import (
    FORM_10BD_COLUMNS,
    appeal_totals_of,
    appeals_with_totals,
    donations_summary,
    form_10bd_donations,
    form_10bd_donors,
    form_10bd_rows,
    tax_certificates_of_year,
)
from .services import (
    appeal_save,
    appeals_delete,
    donations_record_10bd_export,
    donations_record_export,
    tax_certificate_attach,
    tax_certificate_file,
    tax_certificates_send,
)


class AppealVariantFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if len(kept) == 1:
            raise ValidationError(
                _("An appeal test needs two to four variants; remove this one or add another.")
            )


class AppealVariantInline(admin.StackedInline):
    """An appeal test: two to four versions of the copy, spread over stories."""

    model = AppealVariant
    formset = AppealVariantFormSet
    extra = 0
    max_num = 4
    fields = [("position", "label"), "lead", "body"]
    verbose_name = _("appeal test variant")
    verbose_name_plural = _(
        "appeal test: two to four versions of the copy (each story's readers see one)"
    )


class AppealAdminForm(forms.ModelForm):
    class Meta:
        model = Appeal
        # The admin's fieldsets name the rest.
        fields = ["title", "lead", "body", "closing"]


# The copy in each of the newsroom's other languages (Appeal.translations; pages in that
# language show it).
APPEAL_TRANSLATED = ("title", "lead", "body", "closing")
add_translation_fields(AppealAdminForm, Appeal, APPEAL_TRANSLATED)


@admin.register(Appeal)
class AppealAdmin(SpellCheckedAdminMixin, SafeChoicesAdminMixin, admin.ModelAdmin):
    form = AppealAdminForm
    list_display = [
        "title",
        "starts_at",
        "ends_at",
        "goal_display",
        "raised",
        "gifts",
        "is_live_display",
    ]
    list_filter = [("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "lead"]
    inlines = [AppealVariantInline]
    date_hierarchy = "starts_at"
    fieldsets = [
        (None, {"fields": ["title", "lead", "body", "closing"]}),
        (
            _("In other languages"),
            {
                "fields": [
                    name for name, _field, _code in translation_field_names(APPEAL_TRANSLATED)
                ]
            },
        ),
        (
            _("Giving"),
            {
                "fields": [
                    "currency",
                    "suggested_amounts",
                    ("minimum_amount", "maximum_amount"),
                    "default_frequency",
                    "offer_monthly",
                    "goal",
                ]
            },
        ),
        (_("Runs"), {"fields": [("starts_at", "ends_at")]}),
    ]

    def get_queryset(self, request):
        return appeals_with_totals(super().get_queryset(request))

    @admin.display(description=_("goal"), ordering="goal")
    def goal_display(self, appeal):
        return format_inr(appeal.goal) if appeal.goal else "—"

    @admin.display(description=_("raised (paid)"), ordering="raised_minor")
    def raised(self, appeal):
        return format_paise(appeal_totals_of(appeal).raised_minor)

    @admin.display(description=_("gifts"), ordering="gifts")
    def gifts(self, appeal):
        return appeal_totals_of(appeal).gifts

    @admin.display(description=_("live now"), boolean=True)
    def is_live_display(self, appeal):
        return appeal.is_live

    def save_model(self, request, obj, form, change):
        appeal_save(
            appeal=obj, actor=request.user, note=audit_changed_fields_note(form) if change else ""
        )

    def delete_model(self, request, obj):
        appeals_delete(appeals=[obj], actor=request.user)

    def delete_queryset(self, request, queryset):
        appeals_delete(appeals=list(queryset), actor=request.user)


class PaymentEventInline(admin.TabularInline):
    model = PaymentEvent
    extra = 0
    can_delete = False
    fields = ["received_at", "gateway", "kind", "event_id", "outcome"]
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Donation)
class DonationAdmin(SafeChoicesAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "name",
        "email",
        "amount_display",
        "frequency",
        "status",
        "gateway",
        "receipt_number",
        "appeal",
    ]
    list_filter = [
        "status",
        "appeal",
        "gateway",
        "frequency",
        ("created_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["appeal"]
    search_fields = ["name", "email", "receipt_number", "uuid", "gateway_reference"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]
    inlines = [PaymentEventInline]
    # Money and what the gateway said come only from the payment flow; nobody edits them here.
    # Staff may correct the supporter's listing (hide a name, trim a message).
    readonly_fields = [
        "uuid",
        "appeal",
        "amount_display",
        "currency",
        "frequency",
        "name",
        "email",
        "status",
        "gateway",
        "gateway_reference",
        "receipt_number",
        "receipt_sent_at",
        "created_at",
        "paid_at",
        "failed_at",
        "gateway_data_display",
        "recurring_gift",
        "gateway_charge_id",
        "wants_80g",
        "pan_masked",
        "tax_name",
        "tax_address",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "uuid",
                    "appeal",
                    ("amount_display", "currency", "frequency"),
                    "status",
                    ("created_at", "paid_at", "failed_at"),
                    ("receipt_number", "receipt_sent_at"),
                ]
            },
        ),
        (_("Supporter"), {"fields": ["name", "email", "message", "is_public"]}),
        (_("80G"), {"fields": [("wants_80g", "pan_masked"), "tax_name", "tax_address"]}),
        (
            _("Gateway"),
            {
                "fields": [
                    "gateway",
                    "gateway_reference",
                    ("recurring_gift", "gateway_charge_id"),
                    "gateway_data_display",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A payment record is never deleted; a refund is recorded at the gateway.
        return False

    @admin.display(description=_("amount"), ordering="amount_minor")
    def amount_display(self, donation):
        return format_paise(donation.amount_minor, donation.currency)

    @admin.display(description=_("gateway data"))
    def gateway_data_display(self, donation):
        return format_html(
            "<pre class='readonly'>{}</pre>",
            json.dumps(donation.gateway_data, indent=2, sort_keys=True, ensure_ascii=False),
        )

    def get_urls(self):
        return [
            path(
                "form-10bd/",
                self.admin_site.admin_view(self.form_10bd_view),
                name="donations_donation_form_10bd",
            ),
            *super().get_urls(),
        ]

    def form_10bd_view(self, request):
        """Form 10BD's statement of a financial year (?year=2025-26; the last finished year by
        default), as CSV in the form's column order: for Fundraising staff who may export."""
        registration = tax.registration()
        if registration is None:
            raise Http404("The publisher has no 80G registration.")
        if not request.user.has_perm("donations.export_donation"):
            raise PermissionDenied
        this_year = financial_year(clock.local())
        start = int(this_year[:4]) - 1
        year = request.GET.get("year") or f"{start}-{(start + 1) % 100:02d}"
        try:
            rows = form_10bd_rows(year, registration)
        except ValueError:
            return HttpResponseBadRequest("Give the financial year as 2025-26.")
        donations_record_10bd_export(
            donations=list(form_10bd_donations(year)), actor=request.user, year=year
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="form-10bd-{year}.csv"'
        writer = csv.writer(response)
        writer.writerow(FORM_10BD_COLUMNS)
        for row in rows:
            writer.writerow([_csv_safe(cell) for cell in row])
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if tax.is_enabled() and request.user.has_perm("donations.export_donation"):
            extra_context["form_10bd_url"] = reverse("admin:donations_donation_form_10bd")
            extra_context["form_10be_url"] = reverse("admin:donations_form_10be")
        response = super().changelist_view(request, extra_context=extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            totals = donations_summary(changelist.queryset)
            response.context_data["totals"] = {
                "count": totals["count"],
                "paid_count": totals["paid_count"],
                "paid": format_paise(totals["paid_minor"]),
                "pending": format_paise(totals["pending_minor"]),
            }
        return response

    def has_export_permission(self, request):
        return request.user.has_perm("donations.export_donation")

    @admin.action(description=_("Export the selected donations as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = clock.local().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="donations-{stamp}.csv"'
        donations = list(queryset.select_related("appeal").order_by("created_at", "id"))
        donations_record_export(donations=donations, actor=request.user)
        writer = csv.writer(response)
        writer.writerow(
            [
                "receipt_number",
                "created_at",
                "paid_at",
                "status",
                "amount",
                "currency",
                "frequency",
                "name",
                "email",
                "listed",
                "appeal",
                "gateway",
                "gateway_reference",
                "id",
            ]
        )
        for donation in donations:
            writer.writerow(
                [
                    donation.receipt_number or "",
                    clock.local(donation.created_at).isoformat(),
                    clock.local(donation.paid_at).isoformat() if donation.paid_at else "",
                    donation.status,
                    f"{donation.amount_minor // 100}.{donation.amount_minor % 100:02d}",
                    donation.currency,
                    donation.frequency,
                    _csv_safe(donation.name),
                    _csv_safe(donation.email),
                    "yes" if donation.is_public else "no",
                    _csv_safe(donation.appeal.title),
                    donation.gateway,
                    donation.gateway_reference,
                    donation.uuid,
                ]
            )
        return response


def _csv_safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; readers typed these."""
    value = str(value)
    return f"'{value}" if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


@admin.register(PaymentEvent)
class PaymentEventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "gateway", "kind", "event_id", "outcome", "donation"]
    list_filter = ["gateway", "kind", ("received_at", admin.DateFieldListFilter)]
    search_fields = ["event_id", "donation__uuid", "donation__receipt_number"]
    list_select_related = ["donation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChargeInline(admin.TabularInline):
    model = Donation
    fk_name = "recurring_gift"
    extra = 0
    can_delete = False
    fields = ["created_at", "amount_minor", "status", "paid_at", "receipt_number"]
    readonly_fields = fields
    show_change_link = True
    verbose_name = _("charge")
    verbose_name_plural = _("charges (each a donation)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RecurringGift)
class RecurringGiftAdmin(admin.ModelAdmin):
    """Monthly gifts as the gateways report them: read-only here; the donor changes them from
    "My giving", the gateway's events record what happened."""

    list_display = [
        "created_at",
        "name",
        "email",
        "amount_display",
        "status",
        "gateway",
        "next_charge_at",
        "appeal",
    ]
    list_filter = ["status", "gateway", "appeal"]
    list_select_related = ["appeal"]
    search_fields = ["name", "email", "uuid", "gateway_subscription_id"]
    inlines = [ChargeInline]
    readonly_fields = [
        "uuid",
        "appeal",
        "amount_display",
        "currency",
        "frequency",
        "name",
        "email",
        "gateway",
        "gateway_subscription_id",
        "status",
        "status_changed_at",
        "next_charge_at",
        "created_at",
        "activated_at",
        "cancelled_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("amount"), ordering="amount_minor")
    def amount_display(self, gift):
        return format_paise(gift.amount_minor)


def _last_finished_year():
    this_year = financial_year(clock.local())
    start = int(this_year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


@admin.register(TaxCertificate)
class TaxCertificateAdmin(admin.ModelAdmin):
    """Form 10BE certificates: attached on the "Form 10BE" page (per donor or as the portal's
    bundle) and e-mailed from there; this list only shows where each stands."""

    list_display = [
        "financial_year",
        "tax_name",
        "pan_masked",
        "uploaded_at",
        "sent_state",
        "sent_at",
    ]
    list_filter = ["financial_year", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["tax_name", "pan_masked", "acknowledgement_number"]
    fields = [
        "financial_year",
        "tax_name",
        "pan_masked",
        "email",
        "acknowledgement_number",
        "file_name",
        "file_size",
        "uploaded_at",
        "uploaded_by",
        "sent_state",
        "sent_at",
        "file_link",
    ]
    readonly_fields = fields

    def has_module_permission(self, request):
        return tax.is_enabled() and super().has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sent"), boolean=True)
    def sent_state(self, certificate):
        return certificate.is_sent

    @admin.display(description=_("file"))
    def file_link(self, certificate):
        url = reverse("admin:donations_taxcertificate_file", args=[certificate.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the PDF (recorded)"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("form-10be/", view(never_cache(self.form_10be_view)), name="donations_form_10be"),
            path(
                "form-10be/send/",
                view(never_cache(self.send_view)),
                name="donations_form_10be_send",
            ),
            path(
                "<int:pk>/file/",
                view(never_cache(self.file_view)),
                name="donations_taxcertificate_file",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if tax.is_enabled() and request.user.has_perm("donations.add_taxcertificate"):
            extra_context["form_10be_url"] = reverse("admin:donations_form_10be")
        return super().changelist_view(request, extra_context=extra_context)

    def _may_attach(self, request):
        if tax.registration() is None:
            raise Http404("The publisher has no 80G registration.")
        if not request.user.has_perm("donations.add_taxcertificate"):
            raise PermissionDenied

    def form_10be_view(self, request):
        """The year's Form 10BD donors with their certificates: attach files (by hand to one
        donor, or many at once matched by PAN) and e-mail them."""
        self._may_attach(request)
        year = request.POST.get("year") or request.GET.get("year") or _last_finished_year()
        try:
            donors = form_10bd_donors(year)
        except ValueError:
            return HttpResponseBadRequest("Give the financial year as 2025-26.")
        status = 200
        report = None
        form = CertificateUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST":
            if form.is_valid():
                report = self._attach(request, year, donors, form.cleaned_data)
                status = 200 if report["attached"] or not report["refused"] else 400
            else:
                status = 400
        certificates = {row.pan_digest: row for row in tax_certificates_of_year(year)}
        rows = [(donor, certificates.get(donor.digest)) for donor in donors]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Form 10BE certificates for %(year)s") % {"year": year},
            "year": year,
            "rows": rows,
            "unsent": sum(1 for _donor, row in rows if row is not None and not row.is_sent),
            "form": form if request.method == "POST" and not report else CertificateUploadForm(),
            "report": report,
            "limits": {
                "pdf_kb": certificates_module.MAX_PDF_BYTES // 1024,
                "bundle_mb": certificates_module.MAX_BUNDLE_BYTES // (1024 * 1024),
            },
        }
        return TemplateResponse(
            request, "admin/donations/taxcertificate/form_10be.html", context, status=status
        )

    def _attach(self, request, year, donors, data):
        donors_by_pan = {donor.pan: donor for donor in donors}
        by_hand = None
        if data["donor"]:
            by_hand = next((d for d in donors if d.digest == data["donor"]), None)
            if by_hand is None:
                return {
                    "attached": [],
                    "refused": [
                        certificates_module.RefusedFile(
                            "", _("That donor is not in this year's Form 10BD statement.")
                        )
                    ],
                }
        files, refused = [], []
        for uploaded in data["files"]:
            try:
                accepted, rejected = certificates_module.read_upload(uploaded)
            except ValidationError as error:
                refused.append(
                    certificates_module.RefusedFile(
                        certificates_module.clean_name(uploaded.name), " ".join(error.messages)
                    )
                )
                continue
            files += accepted
            refused += rejected
        if by_hand is not None and len(files) > 1:
            refused.append(
                certificates_module.RefusedFile(
                    "", _("Attach one file to one donor; use the upload above for several.")
                )
            )
            files = []
        attached = []
        for certificate in files:
            if by_hand is not None:
                try:
                    certificates_module.check_for_donor(certificate, by_hand, donors_by_pan)
                except ValidationError as error:
                    refused.append(
                        certificates_module.RefusedFile(certificate.name, " ".join(error.messages))
                    )
                    continue
                donor = by_hand
            else:
                donor, reason = certificates_module.match_donor(certificate, donors_by_pan)
                if donor is None:
                    refused.append(certificates_module.RefusedFile(certificate.name, reason))
                    continue
            row, outcome = tax_certificate_attach(
                year=year,
                donor=donor,
                certificate=certificate,
                actor=request.user,
                acknowledgement_number=data["acknowledgement_number"],
            )
            attached.append((certificate.name, row, outcome))
        queued = 0
        if data["send_now"] and attached:
            queued = tax_certificates_send(
                certificates=[row for _name, row, _outcome in attached], actor=request.user
            )
        return {"attached": attached, "refused": refused, "queued": queued}

    def send_view(self, request):
        self._may_attach(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        year = request.POST.get("year", "")
        try:
            tax.financial_year_bounds(year)
        except ValueError:
            return HttpResponseBadRequest("Give the financial year as 2025-26.")
        rows = tax_certificates_of_year(year)
        one = request.POST.get("certificate", "")
        if one:
            if not one.isdigit():
                return HttpResponseBadRequest("No such certificate.")
            rows = rows.filter(pk=int(one))
        queued = tax_certificates_send(certificates=list(rows), actor=request.user)
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d certificate is being e-mailed to its donor.",
                    "%(count)d certificates are being e-mailed to their donors.",
                    queued,
                )
                % {"count": queued},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("Every certificate there was already sent."))
        return redirect(f"{reverse('admin:donations_form_10be')}?year={year}")

    def file_view(self, request, pk):
        self._may_attach(request)
        certificate = TaxCertificate.objects.filter(pk=pk).first()
        if certificate is None:
            raise Http404("No such certificate.")
        content = tax_certificate_file(certificate=certificate, actor=request.user)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="form-10be-{certificate.financial_year}-{certificate.pk}.pdf"'
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
