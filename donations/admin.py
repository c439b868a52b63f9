import csv
import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom import clock
from newsroom.services import audit_changed_fields_note
from newsroom.spelling import SpellCheckedAdminMixin

from . import tax
from .models import Appeal, AppealVariant, Donation, PaymentEvent, RecurringGift
from .money import format_inr, format_paise
from .receipts import financial_year
from .selectors import (
    FORM_10BD_COLUMNS,
    appeal_totals_of,
    appeals_with_totals,
    donations_summary,
    form_10bd_donations,
    form_10bd_rows,
)
from .services import (
    appeal_save,
    appeals_delete,
    donations_record_10bd_export,
    donations_record_export,
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


@admin.register(Appeal)
class AppealAdmin(SpellCheckedAdminMixin, admin.ModelAdmin):
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
class DonationAdmin(admin.ModelAdmin):
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
