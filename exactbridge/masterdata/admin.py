"""Read-only admin lists of the mirror, for staff members of the administration: the mirror is
Exact's data, changed in Exact only."""

from django.contrib import admin

from exactbridge.administrations.access import scope_for_user
from exactbridge.masterdata import models as md


class MirrorAdmin(admin.ModelAdmin):
    list_filter = ("administration",)
    list_per_page = 100
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("administration")
        if request.user.is_superuser:
            return queryset
        return scope_for_user(queryset, request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _register(model, *, list_display, search_fields=(), list_filter=()):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (MirrorAdmin,),
            {
                "list_display": (*list_display, "deleted_at"),
                "search_fields": search_fields,
                "list_filter": ("administration", *list_filter),
            },
        ),
    )


_register(
    md.Relation,
    list_display=(
        "code",
        "name",
        "vat_number",
        "kvk_number",
        "is_supplier",
        "is_customer",
        "blocked",
    ),
    search_fields=("code", "name", "vat_number", "kvk_number"),
    list_filter=("is_supplier", "is_customer", "blocked"),
)
_register(
    md.BankAccount,
    list_display=("iban", "bic", "holder_name", "is_main", "blocked"),
    search_fields=("iban", "holder_name"),
)
_register(
    md.GLAccount,
    list_display=("code", "description", "type", "is_blocked"),
    search_fields=("code", "description"),
)
_register(
    md.VATCode,
    list_display=("code", "description", "percentage", "type", "is_blocked"),
    search_fields=("code", "description"),
)
_register(
    md.Journal, list_display=("code", "description", "type"), search_fields=("code", "description")
)
_register(
    md.CostCenter,
    list_display=("code", "description", "active"),
    search_fields=("code", "description"),
)
_register(
    md.CostUnit,
    list_display=("code", "description", "active"),
    search_fields=("code", "description"),
)
_register(
    md.Project,
    list_display=("code", "description", "type", "end_date"),
    search_fields=("code", "description"),
)
_register(
    md.PaymentCondition,
    list_display=("code", "description", "days", "discount_days"),
    search_fields=("code", "description"),
)
_register(
    md.Item,
    list_display=("code", "description", "unit", "purchase_price", "sales_price", "stock"),
    search_fields=("code", "description", "barcode"),
)
_register(
    md.SalesPriceAgreement,
    list_display=(
        "item_code",
        "customer_exact_id",
        "price",
        "currency",
        "quantity_from",
        "valid_from",
        "valid_to",
    ),
    search_fields=("item_code",),
)
_register(
    md.PurchaseOrder,
    list_display=(
        "order_number",
        "supplier_code",
        "supplier_name",
        "order_date",
        "order_status",
        "receipt_status",
        "amount",
    ),
    search_fields=("=order_number", "supplier_name", "your_ref"),
    list_filter=("order_status", "receipt_status"),
)
_register(
    md.PurchaseOrderLine,
    list_display=(
        "order",
        "line_number",
        "item_code",
        "quantity",
        "received_quantity",
        "unit_price",
    ),
    search_fields=("item_code",),
)
_register(
    md.GoodsReceipt,
    list_display=("receipt_number", "receipt_date", "supplier_name"),
    search_fields=("=receipt_number", "supplier_name"),
)
_register(
    md.GoodsReceiptLine,
    list_display=("receipt", "line_number", "item_code", "quantity_received"),
    search_fields=("item_code",),
)
_register(
    md.OpenItem,
    list_display=(
        "kind",
        "relation_code",
        "relation_name",
        "invoice_number",
        "amount",
        "currency",
        "due_date",
    ),
    search_fields=("invoice_number", "your_ref", "relation_name"),
    list_filter=("kind",),
)
_register(
    md.Subscription,
    list_display=("number", "description", "customer_name", "start_date", "end_date"),
    search_fields=("=number", "description", "customer_name"),
)
_register(
    md.SubscriptionLine,
    list_display=("subscription_exact_id", "line_number", "item_code", "quantity", "unit_price"),
    search_fields=("item_code",),
)


@admin.register(md.SyncState)
class SyncStateAdmin(MirrorAdmin):
    list_display = (
        "administration",
        "entity",
        "last_timestamp",
        "last_success_at",
        "last_full_sync_at",
        "last_error",
    )
