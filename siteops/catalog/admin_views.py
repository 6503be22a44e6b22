"""Work screens of the catalogue: Purchasing's submission form and spreadsheet (preview, then
confirm), a submission's rounds with return-per-field / accept / complete, sync file upload with
preview and apply, a batch's rows with review, and a product's page (status, schedule, images,
prices, history)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError
from siteops.core.spreadsheets import XLSX_CONTENT_TYPE

from . import selectors, services, spreadsheets
from .choices import (
    ProductStatus,
    SubmissionStatus,
    SyncChannel,
    SyncOp,
    SyncRowStatus,
    SyncSource,
)
from .forms import (
    ImageForm,
    PriceForm,
    ReturnForm,
    ScheduleForm,
    SubmissionForm,
    SyncUploadForm,
    UploadForm,
)
from .models import SKU, Product, ProductImage, SyncBatch, SyncRow

XLSX = XLSX_CONTENT_TYPE


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def may_submit(user) -> bool:
    """Purchasing's clerk, who acts for them, or who covers the vacant position (PED-08).

    Asked by the menu on every back-office page, so it costs no query of its own: a permission
    (cached per request), else whether ``resolve("PUR-COL")`` — today's shared staffing snapshot
    — names the person through a fallback or the reporting line (while PUR-COL has a holder or
    an acting holder, nobody covers it). The same answer ``services.purchasing_acting`` gives."""
    if user.has_perm("catalog.add_submission"):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    from siteops.org.choices import CoverVia
    from siteops.org.models import Position
    from siteops.org.selectors import resolve

    try:
        found = resolve("PUR-COL")
    except Position.DoesNotExist:
        return False
    if found.via in (CoverVia.HOLDER, CoverVia.ACTING):
        return False
    return any(u.pk == user.pk for u in found.users)


def _require_submitter(request):
    if not may_submit(request.user):
        raise PermissionDenied


def _error(request, exc):
    messages.error(
        request, exc.message if isinstance(exc, DomainError) else "; ".join(exc.messages)
    )


def _imports_dir() -> Path:
    path = (
        Path(settings.VAR_DIR if hasattr(settings, "VAR_DIR") else settings.MEDIA_ROOT)
        / "tmp"
        / "catalog-imports"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def _download(data: bytes, name: str, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    response = HttpResponse(data, content_type=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def urlpatterns(site):
    # --- Submissions --------------------------------------------------------------------------

    def submission_new(request):
        _require_submitter(request)
        form = SubmissionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                submission = services.submission_create(actor=request.user, data=form.to_data())
            except (DomainError, ValidationError) as exc:
                _error(request, exc)
            else:
                messages.success(request, _("Sent to the product editor."))
                return redirect("admin:catalog_submission_work", submission.pk)
        return site.render(request, "catalog/submission_new.html",
                           {"form": form, "upload_form": UploadForm()}, title=_("Submit a product"))  # fmt: skip

    def submission_template(request, fmt):
        _require_submitter(request)
        if fmt not in ("xlsx", "csv"):
            raise Http404
        return _download(spreadsheets.template("submissions", fmt), "product-template", fmt)

    def submission_import(request):
        """Upload -> preview with row errors (nothing saved) -> confirm."""
        _require_submitter(request)
        context = {"upload_form": UploadForm()}
        if request.method == "POST" and request.POST.get("token"):
            token = request.POST["token"]
            if not token.isalnum():
                raise Http404
            path = _imports_dir() / token
            if not path.exists() or request.session.get("catalog_import") != token:
                messages.error(request, _("This preview has expired; upload the file again."))
                return redirect("admin:catalog_submission_import")
            try:
                with path.open("rb") as fh:
                    items, errors = spreadsheets.parse_submissions(
                        UploadedFile(fh, name=path.name, size=path.stat().st_size)
                    )
                if errors:
                    raise DomainError(_("The file has errors; fix them and upload it again."))
                created = services.submissions_import(
                    actor=request.user,
                    items=items,  # the preview_* keys are not product data: ignored
                    filename=request.session.get("catalog_import_name", ""),
                )
            except (DomainError, ValidationError) as exc:
                _error(request, exc)
            else:
                messages.success(
                    request, _("%(n)s products sent to the product editor.") % {"n": created.count}
                )
                path.unlink(missing_ok=True)
                return redirect("admin:catalog_submission_changelist")
        elif request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    items, errors = spreadsheets.parse_submissions(upload)
                except ValidationError as exc:
                    _error(request, exc)
                else:
                    token = secrets.token_hex(16)
                    upload.seek(0)
                    with (_imports_dir() / token).open("wb") as out:
                        for chunk in upload.chunks():
                            out.write(chunk)
                    request.session["catalog_import"] = token
                    request.session["catalog_import_name"] = upload.name[:200]
                    context.update(items=items[:500], more=max(0, len(items) - 500), count=len(items),
                                   errors=errors[:500], token=token if not errors else "")  # fmt: skip
        return site.render(request, "catalog/submission_import.html", context,
                           title=_("Products from a spreadsheet"))  # fmt: skip

    def submission_work(request, pk):
        submission = get_object_or_404(
            selectors.submissions_visible_to(request.user).prefetch_related("rounds__actor"), pk=pk
        )
        reviewer = request.user.has_perm("catalog.review_submission")
        waiting = submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED)
        last = next((r.reasons for r in reversed(list(submission.rounds.all())) if r.reasons), {})
        context = {
            "submission": submission,
            "rounds": submission.rounds.all(),
            "reviewer": reviewer,
            "can_review": reviewer and waiting,
            "can_complete": reviewer and submission.status == SubmissionStatus.RESUBMITTED,
            "can_resubmit": submission.status == SubmissionStatus.RETURNED
            and may_submit(request.user),
            "can_withdraw": submission.status
            in (SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED)
            and may_submit(request.user),
            "edit_form": SubmissionForm(initial=SubmissionForm.initial_from(submission.data)),
            "return_form": ReturnForm(),
            # Each problem under its field's label (never the field's key, e.g. "category").
            "problems": {
                services.FIELDS.get(k, k): v for k, v in services.readiness(submission.data).items()
            }
            if reviewer and waiting
            else {},
            "info": [
                (services.FIELDS[k], submission.data.get(k) or "", last.get(k, ""))
                for k in services.FIELDS
                if k not in ("skus", "attributes")
            ],
            "skus_reason": last.get("skus", ""),
            "round_rows": [
                (r, [(services.FIELDS.get(k, k), v) for k, v in (r.reasons or {}).items()])
                for r in submission.rounds.all()
            ],
        }
        return site.render(request, "catalog/submission_work.html", context, title=str(submission))

    @require_POST
    def submission_action(request, pk, action):
        submission = get_object_or_404(selectors.submissions_visible_to(request.user), pk=pk)
        try:
            if action == "return":
                form = ReturnForm(request.POST)
                form.is_valid()
                services.submission_return(actor=request.user, submission=submission,
                                           reasons=form.reasons(), note=form.cleaned_data.get("note", ""))  # fmt: skip
                messages.success(request, _("Returned to Purchasing."))
            elif action in ("accept", "complete", "resubmit"):
                form = SubmissionForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(
                        [
                            f"{form.fields[f].label}: {e}"
                            for f, es in form.errors.items()
                            for e in es
                        ]
                    )
                data = form.to_data()
                if action == "resubmit":
                    services.submission_resubmit(
                        actor=request.user, submission=submission, data=data
                    )
                    messages.success(request, _("Sent to the product editor again."))
                else:
                    fn = (
                        services.submission_accept
                        if action == "accept"
                        else services.submission_complete
                    )
                    product = fn(actor=request.user, submission=submission, data=data,
                                 publish=bool(request.POST.get("publish")))  # fmt: skip
                    messages.success(
                        request, _("Product %(code)s created.") % {"code": product.code}
                    )
                    return redirect("admin:catalog_product_work", product.pk)
            elif action == "withdraw":
                services.submission_withdraw(actor=request.user, submission=submission)
                messages.success(request, _("Withdrawn."))
            else:
                raise Http404
        except (DomainError, ValidationError) as exc:
            _error(request, exc)
        return redirect("admin:catalog_submission_work", pk)

    # --- Sync batches --------------------------------------------------------------------------

    def _sync_sources(user):
        out = []
        if user.has_perm("catalog.send_purchasing_sync"):
            out.append((SyncSource.PURCHASING, SyncSource.PURCHASING.label))
        if user.has_perm("catalog.send_stock_sync"):
            out.append((SyncSource.WAREHOUSE, SyncSource.WAREHOUSE.label))
        return out

    def sync_upload(request):
        sources = _sync_sources(request.user)
        if not sources:
            raise PermissionDenied
        form = SyncUploadForm(request.POST or None, request.FILES or None)
        form.fields["source"].choices = sources
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = spreadsheets.parse_sync(upload)
                batch = services.sync_batch_create(
                    actor=request.user, kind=form.cleaned_data["source"], rows=rows,
                    channel=SyncChannel.FILE, filename=upload.name, note=form.cleaned_data["note"],
                    apply=False,
                )  # fmt: skip
            except (DomainError, ValidationError) as exc:
                _error(request, exc)
            else:
                messages.info(request, _("Preview: nothing is applied until you press Apply."))
                return redirect("admin:catalog_syncbatch_work", batch.pk)
        return site.render(
            request,
            "catalog/sync_upload.html",
            {"form": form, "ops": SyncOp.choices},
            title=_("Send a sync file"),
        )

    def sync_template(request, fmt):
        if not _sync_sources(request.user):
            raise PermissionDenied
        if fmt not in ("xlsx", "csv"):
            raise Http404
        return _download(spreadsheets.template("sync", fmt), "sync-template", fmt)

    def syncbatch_work(request, pk):
        batch = get_object_or_404(selectors.batches_visible_to(request.user), pk=pk)
        status = request.GET.get("status", "")
        rows = SyncRow.objects.filter(batch=batch).select_related("decided_by").order_by("line")
        if status in SyncRowStatus.values:
            rows = rows.filter(status=status)
        return site.render(request, "catalog/syncbatch_work.html", {
            "batch": batch, "rows": rows[:500], "status": status, "statuses": SyncRowStatus.choices,
            "may_apply": batch.status == "preview",
            "reviewer": request.user.has_perm("catalog.review_syncrow"),
        }, title=str(batch))  # fmt: skip

    @require_POST
    def syncbatch_action(request, pk, action):
        batch = get_object_or_404(selectors.batches_visible_to(request.user), pk=pk)
        try:
            if action == "apply":
                batch = services.sync_batch_apply(actor=request.user, batch=batch)
                messages.success(request, _("Applied: %(a)s rows; %(r)s wait for review; %(e)s errors.")
                                 % {"a": batch.rows_applied, "r": batch.rows_review, "e": batch.rows_error})  # fmt: skip
            elif action == "discard":
                services.sync_batch_discard(actor=request.user, batch=batch)
                messages.success(request, _("Discarded."))
            else:
                raise Http404
        except (DomainError, ValidationError) as exc:
            _error(request, exc)
        return redirect("admin:catalog_syncbatch_work", pk)

    @require_POST
    def syncrow_action(request, pk, action):
        _require(request, "catalog.review_syncrow")
        row = get_object_or_404(SyncRow, pk=pk)
        try:
            if action == "approve":
                services.syncrow_approve(actor=request.user, row=row)
            elif action == "reject":
                services.syncrow_reject(
                    actor=request.user, row=row, note=request.POST.get("note", "")
                )
            else:
                raise Http404
            messages.success(request, _("Decided."))
        except (DomainError, ValidationError) as exc:
            _error(request, exc)
        return redirect("admin:catalog_syncbatch_work", row.batch_id)

    # --- Products ------------------------------------------------------------------------------

    def product_work(request, pk):
        _require(request, "catalog.view_product")
        with_cost = request.user.has_perm("catalog.view_cost")
        skus = (
            SKU.objects.order_by("code")
            if with_cost
            else SKU.objects.defer("cost").order_by("code")
        )
        product = get_object_or_404(
            # The category's parents come along for the breadcrumbs (the tree is rarely deeper
            # than three levels); images in their own order, without a join to the product.
            Product.objects.select_related("category__parent__parent", "brand").prefetch_related(
                Prefetch("skus", queryset=skus),
                Prefetch("images", queryset=ProductImage.objects.order_by("order", "pk")),
            ), pk=pk,
        )  # fmt: skip
        may_publish = request.user.has_perm("catalog.publish_product")
        allowed = services.TRANSITIONS.get(product.status, set()) if may_publish else set()
        return site.render(request, "catalog/product_work.html", {
            "product": product, "with_cost": with_cost,
            "breadcrumbs": selectors.category_ancestors(product.category),
            "may_publish": ProductStatus.PUBLISHED in allowed,
            "may_delist": ProductStatus.DELISTED in allowed,
            "may_delete": ProductStatus.DELETED in allowed,
            "may_restore": product.status == ProductStatus.DELETED and request.user.has_perm("catalog.restore_product"),
            "may_schedule": may_publish and product.status != ProductStatus.DELETED,
            "may_edit": request.user.has_perm("catalog.change_sku"),
            "may_image": request.user.has_perm("catalog.add_productimage"),
            "schedule_form": ScheduleForm(), "image_form": ImageForm(), "price_form": PriceForm(),
            "scheduled": selectors.scheduled_actions(product),
            "stock_changes": selectors.stock_changes(product),
        }, title=str(product))  # fmt: skip

    @require_POST
    def product_action(request, pk, action):
        product = get_object_or_404(Product, pk=pk)
        try:
            if action in ("publish", "delist", "delete", "restore"):
                getattr(services, f"product_{action}")(actor=request.user, product=product)
                messages.success(request, _("Done."))
            elif action == "schedule":
                form = ScheduleForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Choose an action and a time."))
                services.product_schedule(actor=request.user, product=product, **form.cleaned_data)
                messages.success(request, _("Scheduled."))
            elif action == "image":
                form = ImageForm(request.POST, request.FILES)
                if not form.is_valid():
                    raise ValidationError(_("Choose an image to upload."))
                services.product_image_add(actor=request.user, product=product,
                                           upload=form.cleaned_data["image"], alt=form.cleaned_data["alt"])  # fmt: skip
                messages.success(request, _("Image added."))
            elif action == "price":
                form = PriceForm(request.POST)
                sku = get_object_or_404(SKU, pk=request.POST.get("sku"), product=product)
                if not form.is_valid():
                    raise ValidationError(_("Enter a valid price."))
                services.sku_set_price(
                    actor=request.user, sku=sku, price=form.cleaned_data["price"]
                )
                messages.success(request, _("Price changed."))
            else:
                raise Http404
        except (DomainError, ValidationError) as exc:
            _error(request, exc)
        return redirect("admin:catalog_product_work", pk)

    return [
        site.view("catalog/submissions/new/", submission_new, "catalog_submission_new"),
        site.view("catalog/submissions/import/", submission_import, "catalog_submission_import"),
        site.view("catalog/submissions/template.<str:fmt>", submission_template, "catalog_submission_template"),
        site.view("catalog/submissions/<int:pk>/work/", submission_work, "catalog_submission_work"),
        site.view("catalog/submissions/<int:pk>/<str:action>/", submission_action, "catalog_submission_action"),
        site.view("catalog/syncs/upload/", sync_upload, "catalog_sync_upload"),
        site.view("catalog/syncs/template.<str:fmt>", sync_template, "catalog_sync_template"),
        site.view("catalog/syncs/<int:pk>/work/", syncbatch_work, "catalog_syncbatch_work"),
        site.view("catalog/syncs/<int:pk>/<str:action>/", syncbatch_action, "catalog_syncbatch_action"),
        site.view("catalog/syncrows/<int:pk>/<str:action>/", syncrow_action, "catalog_syncrow_action"),
        site.view("catalog/products/<int:pk>/work/", product_work, "catalog_product_work"),
        site.view("catalog/products/<int:pk>/<str:action>/", product_action, "catalog_product_action"),
    ]  # fmt: skip


__all__ = ["SyncBatch", "urlpatterns"]
