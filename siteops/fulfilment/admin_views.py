"""Work screens of order operations: the order pool, a batch and its pick list, status files,
and Customer Service's update form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.admin_base import badge, choice_label
from siteops.core.errors import DomainError
from siteops.core.labels import warehouse_label
from siteops.core.spreadsheets import XLSX_CONTENT_TYPE
from siteops.orders.models import Order

from . import services, sync
from .dashboard import dashboard_view
from .exports import picklist_csv, picklist_xlsx
from .forms import PoolFilterForm, ServiceUpdateForm, UploadForm
from .models import BatchOrder, DeliveryBatch
from .selectors import batches_visible_to, pool_page, sync_batches_visible_to

PER_PAGE = 100


def _require(request, *perms):
    if not any(request.user.has_perm(p) for p in perms):
        raise PermissionDenied


def _error(request, exc):
    msgs = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    for m in msgs:
        messages.error(request, m)


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        return 1


def _label(field: str, value) -> str:
    """An order field's choice label, escaped, as ``choice_label`` gives it for an instance."""
    return escape(str(choice_label(Order(**{field: value}), field)))


def _status_badge(status: str) -> str:
    return badge(Order(status=status))


def _pool_rows(orders) -> SafeString:
    """The pool table's rows, as the template wrote them (100 a page): each distinct status,
    payment method, warehouse and date rendered once a page — ``get_FOO_display``, lazy labels
    and the template loop took ≈ 1,500 Python calls a row (issue #20)."""
    seen: dict = {}
    tz = timezone.get_current_timezone()
    rows = []
    for o in orders:
        status = seen.get(("s", o.status))
        if status is None:
            status = seen["s", o.status] = _status_badge(o.status)
        payment = seen.get(("p", o.payment_method))
        if payment is None:
            payment = seen["p", o.payment_method] = _label("payment_method", o.payment_method)
        warehouse = seen.get(("w", o.warehouse))
        if warehouse is None:
            warehouse = seen["w", o.warehouse] = escape(warehouse_label(o.warehouse))
        promised = "—"
        if o.promised_date:
            promised = seen.get(("d", o.promised_date))
            if promised is None:
                promised = seen["d", o.promised_date] = escape(formats.localize(o.promised_date))
        placed = o.created_at.astimezone(tz) if timezone.is_aware(o.created_at) else o.created_at
        number = escape(o.number)
        rows.append(
            f'<tr data-order="{number}"><td><input type="checkbox" name="order" value="{o.pk}"'
            f' aria-label="{number}"></td>\n      <td>{number}</td><td>{status}</td>'
            f"<td>{payment}</td>\n      <td>{escape(o.recipient)}</td>"
            f"<td>{escape(o.province)} {escape(o.city)}</td><td>{warehouse}</td>"
            f"<td>{promised}</td><td>{placed:%Y-%m-%d %H:%M}</td></tr>"
        )
    return SafeString("\n".join(rows))


def urlpatterns(site):
    def pool(request):
        _require(request, services.BATCH_PERM)
        form = PoolFilterForm(request.GET or None)
        rule = form.rule() if form.is_bound else {}
        page = _page(request)
        orders, has_next = pool_page(rule, page=page, per_page=PER_PAGE)
        query = request.GET.copy()
        query.pop("page", None)
        return site.render(
            request, "fulfilment/pool.html",
            {"form": form, "orders": orders, "rows": _pool_rows(orders), "page": page,
             "has_next": has_next,
             "query": query.urlencode(), "rule": rule},
            title=_("Order pool"),
        )  # fmt: skip

    @require_POST
    def pool_batch(request):
        _require(request, services.BATCH_PERM)
        form = PoolFilterForm(request.POST)
        by_rule = request.POST.get("scope") == "rule"
        if by_rule and not form.is_valid():
            # An invalid filter is not "no filter": refuse, batch nothing.
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
            messages.error(request, _("The filter is not valid; no orders were batched."))
            return redirect("admin:fulfilment_pool")
        rule = form.rule()
        try:
            if by_rule:
                batch = services.batch_create(
                    actor=request.user, rule=rule, note=request.POST.get("note", "")
                )
            else:
                ids = [i for i in request.POST.getlist("order") if i.isdigit()]
                batch = services.batch_create(
                    actor=request.user, order_ids=ids, note=request.POST.get("note", "")
                )
        except (DomainError, ValidationError) as exc:
            _error(request, exc)
            return redirect("admin:fulfilment_pool")
        messages.success(
            request,
            _("Delivery batch %(number)s created with %(n)d orders.")
            % {"number": batch.number, "n": batch.order_count},
        )
        return redirect("admin:fulfilment_batch", batch.number)

    def batch_detail(request, number):
        _require(request, "fulfilment.view_deliverybatch")
        batch = get_object_or_404(
            batches_visible_to(request.user).select_related("created_by"), number=number
        )
        page = _page(request)
        entries = list(
            BatchOrder.objects.filter(batch=batch)
            .select_related("order")
            .only(
                "active",
                "tracking_number",
                "left_at",
                "order__number",
                "order__status",
                "order__recipient",
                "order__province",
                "order__city",
                "order__promised_date",
                "order__payment_method",
                "batch_id",
            )  # fmt: skip
            .order_by("pk")[(page - 1) * PER_PAGE : page * PER_PAGE + 1]
        )
        return site.render(
            request, "fulfilment/batch_detail.html",
            {"batch": batch, "entries": entries[:PER_PAGE], "has_next": len(entries) > PER_PAGE,
             "page": page,
             "can_manage": request.user.has_perm(services.BATCH_PERM),
             "can_ack": request.user.has_perm("fulfilment.acknowledge_deliverybatch")},
            title=_("Delivery batch %s") % batch.number,
        )  # fmt: skip

    def batch_download(request, number, fmt):
        _require(request, "fulfilment.view_deliverybatch")
        if fmt not in ("xlsx", "csv"):
            raise Http404
        batch = get_object_or_404(batches_visible_to(request.user), number=number)
        if fmt == "xlsx":
            response = HttpResponse(
                picklist_xlsx(batch),
                content_type=XLSX_CONTENT_TYPE,
            )
        else:
            response = HttpResponse(
                "\ufeff" + picklist_csv(batch), content_type="text/csv; charset=utf-8"
            )
        response["Content-Disposition"] = f'attachment; filename="{batch.number}.{fmt}"'
        return response

    @require_POST
    def batch_acknowledge(request, number):
        _require(request, "fulfilment.acknowledge_deliverybatch")
        batch = get_object_or_404(batches_visible_to(request.user), number=number)
        try:
            services.batch_acknowledge(batch=batch, by=str(request.user), actor=request.user)
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Batch acknowledged."))
        return redirect("admin:fulfilment_batch", number)

    @require_POST
    def batch_remove(request, number, order_number):
        _require(request, services.BATCH_PERM)
        batch = get_object_or_404(DeliveryBatch, number=number)
        order = get_object_or_404(Order, number=order_number)
        try:
            services.batch_remove_order(actor=request.user, batch=batch, order=order)
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Order %s is back in the pool.") % order.number)
        return redirect("admin:fulfilment_batch", number)

    def sync_list(request):
        _require(request, "fulfilment.add_shipmentevent", "fulfilment.add_serviceupdate")
        form = UploadForm()
        allowed = [c for c in form.fields["source"].choices
                   if request.user.has_perm(sync.PERMS[c[0]])]  # fmt: skip
        form.fields["source"].choices = allowed
        if request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            form.fields["source"].choices = allowed
            if form.is_valid():
                f = form.cleaned_data["file"]
                try:
                    batch = sync.sync_upload(
                        actor=request.user, source=form.cleaned_data["source"], name=f.name,
                        content=f.read(sync.MAX_BYTES + 1),
                    )  # fmt: skip
                except DomainError as exc:
                    _error(request, exc)
                else:
                    return redirect("admin:fulfilment_sync", batch.pk)
            else:
                for errors in form.errors.values():
                    for e in errors:
                        messages.error(request, e)
        files = sync_batches_visible_to(request.user).order_by("-created_at")[:30]
        return site.render(
            request, "fulfilment/sync_list.html", {"form": form, "files": files,
                                                   "columns": sync.COLUMNS},
            title=_("Status files from Logistics and Customer Service"),
        )  # fmt: skip

    def sync_detail(request, pk):
        batch = get_object_or_404(sync_batches_visible_to(request.user), pk=pk)
        _require(request, sync.PERMS[batch.kind])
        return site.render(
            request, "fulfilment/sync_detail.html",
            {"batch": batch, "rows": batch.rows.order_by("line")[:1000]},
            title=str(batch),
        )  # fmt: skip

    @require_POST
    def sync_apply(request, pk):
        batch = get_object_or_404(sync_batches_visible_to(request.user), pk=pk)
        _require(request, sync.PERMS[batch.kind])
        try:
            if request.POST.get("discard"):
                sync.sync_discard(actor=request.user, batch=batch)
                messages.success(request, _("File discarded; nothing was changed."))
            else:
                counts = sync.sync_apply(actor=request.user, batch=batch)
                messages.success(
                    request,
                    _("Applied: %(applied)d, held: %(held)d, refused: %(refused)d, "
                      "already applied before: %(duplicate)d.") % counts,
                )  # fmt: skip
        except DomainError as exc:
            _error(request, exc)
        return redirect("admin:fulfilment_sync", pk)

    def service_update(request):
        _require(request, "fulfilment.add_serviceupdate")
        form = ServiceUpdateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                update = services.service_update_record(
                    order_number=d["order_number"].strip(), kind=d["kind"],
                    reference=d["reference"], data=d, note=d["note"], actor=request.user,
                )  # fmt: skip
            except (DomainError, ValidationError) as exc:
                _error(request, exc)
            else:
                if update is None:
                    messages.info(request, _("This update was already applied; nothing changed."))
                elif update.outcome == "applied":
                    messages.success(request, _("Update applied to order %s.") % d["order_number"])
                    return redirect("admin:fulfilment_service_update")
                else:
                    messages.error(request, update.reason)
        return site.render(
            request, "fulfilment/service_update.html", {"form": form},
            title=_("Update from Customer Service"),
        )  # fmt: skip

    return [
        site.view("fulfilment/pool/", pool, "fulfilment_pool"),
        site.view("fulfilment/pool/batch/", pool_batch, "fulfilment_pool_batch"),
        site.view("fulfilment/batches/<str:number>/", batch_detail, "fulfilment_batch"),
        site.view("fulfilment/batches/<str:number>/picklist.<str:fmt>", batch_download,
                  "fulfilment_batch_download"),
        site.view("fulfilment/batches/<str:number>/acknowledge/", batch_acknowledge,
                  "fulfilment_batch_acknowledge"),
        site.view("fulfilment/batches/<str:number>/remove/<str:order_number>/", batch_remove,
                  "fulfilment_batch_remove"),
        site.view("fulfilment/files/", sync_list, "fulfilment_sync_list"),
        site.view("fulfilment/files/<int:pk>/", sync_detail, "fulfilment_sync"),
        site.view("fulfilment/files/<int:pk>/apply/", sync_apply, "fulfilment_sync_apply"),
        site.view("fulfilment/service-update/", service_update, "fulfilment_service_update"),
        dashboard_view(site),
    ]  # fmt: skip
