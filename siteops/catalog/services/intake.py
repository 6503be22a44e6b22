"""Intake from Purchasing (PED-01/02/06/07/08): submissions, returns per field, completion.

State machine of a submission (one table; each change is a conditional UPDATE + a round row):

    submitted ──return──▶ returned ──resubmit──▶ resubmitted ──return──▶ returned …
    submitted|resubmitted ──accept──▶ accepted       (the editor tidies and takes it in)
    resubmitted ──complete──▶ completed              (PED-07: the editor fills the gaps in
                                                       Purchasing's place, recorded as such)
    submitted|returned ──withdraw──▶ withdrawn        (Purchasing)
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.org.acting import Acting, acting_for, audited

from ..choices import SubmissionStatus as S
from ..models import SKU, Brand, Category, Product, Submission, SubmissionImport, SubmissionRound
from .products import product_create, product_publish

TRANSITIONS: dict[str, dict[str, str]] = {
    "return": {S.SUBMITTED: S.RETURNED, S.RESUBMITTED: S.RETURNED},
    "resubmit": {S.RETURNED: S.RESUBMITTED},
    "accept": {S.SUBMITTED: S.ACCEPTED, S.RESUBMITTED: S.ACCEPTED},
    "complete": {S.RESUBMITTED: S.COMPLETED},
    "withdraw": {S.SUBMITTED: S.WITHDRAWN, S.RETURNED: S.WITHDRAWN},
}

# The fields of a submission, in the order of the form and the spreadsheet template.
FIELDS = {
    "reference": gettext_lazy("Purchasing's reference"),
    "title": gettext_lazy("title (Chinese)"),
    "title_en": gettext_lazy("title (English)"),
    "subtitle": gettext_lazy("subtitle"),
    "category": gettext_lazy("category"),
    "brand": gettext_lazy("brand"),
    "description": gettext_lazy("description"),
    "attributes": gettext_lazy("attributes"),
    "skus": gettext_lazy("SKUs"),
}
SKU_KEYS = ("code", "barcode", "spec", "price", "market_price", "cost", "weight")


# --- Validation ---------------------------------------------------------------------------


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError from None
    if not d.is_finite() or d < 0:
        raise ValueError
    return str(d.quantize(Decimal("0.01")))


def normalise_spec(spec) -> dict:
    """{"颜色": "红"} from a dict or "颜色=红; 尺码=M" / "颜色:红，尺码:M" (full-width too)."""
    if isinstance(spec, dict):
        items = spec.items()
    else:
        text = str(spec or "").replace("；", ";").replace("，", ";").replace(",", ";")
        items = []
        for part in text.split(";"):
            part = part.strip().replace("：", "=").replace(":", "=")
            if not part:
                continue
            if "=" not in part:
                raise ValueError(part)
            k, v = part.split("=", 1)
            items.append((k, v))
    out = {}
    for k, v in items:
        k, v = str(k).strip(), str(v).strip()
        if not k or not v:
            raise ValueError(k)
        out[k] = v
    return out


def clean_data(raw: dict, *, categories: set[str] | None = None) -> tuple[dict, dict[str, str]]:
    """Normalise what Purchasing sent; return (data, problems per field) — problems don't block
    a submission (the editor returns or completes it), except a missing reference or title."""
    data: dict = {}
    problems: dict[str, str] = {}
    for key in ("reference", "title", "title_en", "subtitle", "category", "brand", "description"):
        data[key] = str(raw.get(key) or "").strip()
    data["reference"] = data["reference"][:64]
    data["title"] = data["title"][:200]
    attributes = raw.get("attributes") or {}
    data["attributes"] = attributes if isinstance(attributes, dict) else {}
    skus = []
    for i, s in enumerate(raw.get("skus") or [], start=1):
        sku = {k: s.get(k) for k in SKU_KEYS if k in s}
        sku["code"] = str(s.get("code") or "").strip()
        sku["barcode"] = str(s.get("barcode") or "").strip()
        try:
            sku["spec"] = normalise_spec(s.get("spec"))
        except ValueError:
            problems["skus"] = _("SKU %(n)s: write specifications as 颜色=红; 尺码=M.") % {"n": i}
            sku["spec"] = {}
        for k in ("price", "market_price", "cost", "weight"):
            try:
                sku[k] = _decimal(s.get(k))
            except ValueError:
                problems["skus"] = _("SKU %(n)s: “%(v)s” is not a valid %(f)s.") % {
                    "n": i, "v": s.get(k), "f": k,
                }  # fmt: skip
                sku[k] = None
        if not sku["code"]:
            problems["skus"] = _("SKU %(n)s has no code.") % {"n": i}
        if sku.get("price") is None:
            problems.setdefault("skus", _("SKU %(n)s has no price.") % {"n": i})
        skus.append(sku)
    data["skus"] = skus
    if not data["reference"]:
        problems["reference"] = _("Purchasing's reference is required.")
    if not data["title"]:
        problems["title"] = _("A title is required.")
    if not skus:
        problems.setdefault("skus", _("Give at least one SKU."))
    if data["category"] and not (
        data["category"] in categories
        if categories is not None
        else Category.objects.filter(slug=data["category"]).exists()
    ):
        problems["category"] = _("Unknown category: %(c)s") % {"c": data["category"]}
    elif not data["category"]:
        problems["category"] = _("Choose a category.")
    return data, problems


def _blocking(problems: dict) -> dict:
    return {k: v for k, v in problems.items() if k in ("reference", "title")}


def readiness(data: dict) -> dict[str, str]:
    """What still stops this information from becoming a product (empty: ready)."""
    _, problems = clean_data(data)
    codes = [s["code"] for s in data.get("skus", []) if s.get("code")]
    if len(codes) != len(set(codes)):
        problems["skus"] = _("Two SKUs have the same code.")
    taken = list(SKU.objects.filter(code__in=codes).values_list("code", flat=True))
    if taken:
        problems["skus"] = _("SKU codes already in the catalogue: %(c)s") % {"c": ", ".join(taken)}
    if data.get("brand") and not Brand.objects.filter(slug=data["brand"]).exists():
        if not Brand.objects.filter(name=data["brand"]).exists():
            problems["brand"] = _("Unknown brand: %(b)s") % {"b": data["brand"]}
    return problems


# --- Who may act ----------------------------------------------------------------------------


def purchasing_acting(actor=None, client=None) -> Acting:
    """Purchasing's collection clerk (PUR-COL), its system, or who covers the vacant position.

    PED-08: when PUR-COL has no holder, ``resolve("PUR-COL")`` names who does its work (seed:
    the product editor, through the position's acting fallback); they submit on its behalf and
    the round records it as done acting for PUR-COL.
    """
    return acting_for(actor, "catalog.add_submission", client=client, cover="PUR-COL")


def _owned_by(submission: Submission, who: Acting) -> bool:
    if who.client is not None:
        return submission.client_id == who.client.pk
    if who.position == "PUR-COL" and who.acting:
        return True  # whoever acts for PUR-COL (appointed or covering) takes over its submissions
    return submission.submitted_by_id == who.user_id


def _move(submission: Submission, action: str, **fields) -> str:
    table = TRANSITIONS[action]
    current = Submission.objects.filter(pk=submission.pk).values_list("status", flat=True).get()
    if current not in table:
        raise IllegalTransition(
            _("A submission that is “%(s)s” cannot be changed this way.") % {"s": S(current).label}
        )
    target = table[current]
    updated = Submission.objects.filter(pk=submission.pk, status=current).update(
        status=target, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        raise IllegalTransition(_("The submission was changed meanwhile; reload and try again."))
    return target


def _round(submission, kind, who: Acting, **fields) -> SubmissionRound:
    number = submission.rounds.count() + 1
    Submission.objects.filter(pk=submission.pk).update(rounds_count=number)
    return SubmissionRound.objects.create(
        submission=submission, number=number, kind=kind, **who.event_fields(), **fields,
    )  # fmt: skip


# --- Work for the product editor ---------------------------------------------------------------


def _create_work(
    submission: Submission, who: Acting, *, resubmitted: bool = False, requester=None
) -> None:
    """Hand the submission to the product editor's position as a work item (#3)."""
    from siteops.org.models import Position
    from siteops.work import services as work_services

    if who.client is not None:
        department = who.client.department
    else:
        department = Position.objects.select_related("department").get(code="PUR-COL").department
    title = (
        _("Resubmitted by Purchasing: %(t)s") if resubmitted else _("New from Purchasing: %(t)s")
    ) % {"t": submission.title}
    item = work_services.item_create(
        actor=who.user,
        position="PED",
        title=title[:200],
        # Routine PED-01 work, not a request for the manager to review (MGR-03 is for tasks).
        source="module",
        subject=submission,
        description=_("Product information from Purchasing (reference %(r)s, round %(n)s).")
        % {"r": submission.reference, "n": submission.rounds_count},
        requester=requester or who.user,
        requester_department=department,
    )
    Submission.objects.filter(pk=submission.pk).update(work_item_id=item.pk)


def _finish_work(
    submission: Submission, who: Acting, message: str = "", *, only_batch: bool = False
) -> None:
    """The editor's work on this submission is over (accepted, completed, withdrawn);
    a spreadsheet's single work item closes once none of its submissions waits any more."""
    from siteops.work import services as work_services

    if not only_batch:
        work_services.item_close_for_subject(actor=who.user, subject=submission, message=message)
    if (
        submission.import_batch_id
        and not Submission.objects.filter(
            import_batch_id=submission.import_batch_id,
            status__in=[S.SUBMITTED, S.RESUBMITTED],
        ).exists()
    ):
        work_services.item_close_for_subject(
            actor=who.user, subject=submission.import_batch, message=message
        )


def _wait_for_purchasing(submission: Submission, who: Acting, reasons: dict, note: str) -> None:
    """A return is Purchasing's work (issue 12 #18): the editor's item is handed off to
    Purchasing's collection position with the reasons — it shows in their list ("waiting on
    me") and they are told — and waits there for the resubmission instead of turning done. A
    submission of a spreadsheet has no item of its own: it gets one, handed off the same way."""
    from siteops.work import services as work_services

    lines = "; ".join(f"{FIELDS[k]}: {v}" for k, v in reasons.items())
    message = _("Returned to Purchasing — please fix and resubmit: %(reasons)s") % {
        "reasons": lines
    }
    if note:
        message = f"{message} ({note})"
    waiting = work_services.item_wait_for_subject(
        actor=who.user, subject=submission, position="PUR-COL", message=message
    )
    if not waiting and submission.import_batch_id:
        _create_work(submission, who, requester=submission.submitted_by)
        work_services.item_wait_for_subject(
            actor=who.user, subject=submission, position="PUR-COL", message=message
        )
        _finish_work(submission, who, _("Returned to Purchasing"), only_batch=True)


def _resume_work(submission: Submission, who: Acting) -> None:
    """Purchasing resubmitted: the editor's waiting item is back in progress (a new item only
    if there is none waiting, e.g. it was cancelled meanwhile)."""
    from siteops.work import services as work_services

    resumed = work_services.item_resume_for_subject(
        actor=who.user, subject=submission,
        message=_("Resubmitted by Purchasing (round %(n)s).") % {"n": submission.rounds_count},
    )  # fmt: skip
    if not resumed:
        _create_work(submission, who, resubmitted=True)


# --- Services -------------------------------------------------------------------------------


@transaction.atomic
def submission_create(*, actor=None, client=None, data: dict, who: Acting | None = None):
    """PED-01/02: Purchasing sends one product's information; it becomes the editor's work."""
    who = who or purchasing_acting(actor, client)
    data, problems = clean_data(data)
    blocking = _blocking(problems)
    if blocking:
        raise DomainError("; ".join(blocking.values()), code="invalid")
    with audited(who):
        submission = Submission.objects.create(
            reference=data["reference"], title=data["title"], data=data,
            submitted_by_id=who.user_id, client=who.client,
        )  # fmt: skip
        _round(submission, SubmissionRound.Kind.SUBMITTED, who, data=data)
        _create_work(submission, who)
    return submission


@transaction.atomic
def submission_return(*, actor, submission: Submission, reasons: dict[str, str], note: str = ""):
    """PED-06: back to Purchasing with a reason for each field that falls short."""
    who = acting_for(actor, "catalog.review_submission")
    reasons = {k: str(v).strip() for k, v in (reasons or {}).items() if str(v or "").strip()}
    if not reasons:
        raise DomainError(_("Give a reason for at least one field."), code="invalid")
    unknown = set(reasons) - set(FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with audited(who):
        _move(submission, "return")
        _round(submission, SubmissionRound.Kind.RETURNED, who, reasons=reasons, note=note)
        _wait_for_purchasing(submission, who, reasons, note)
    submission.refresh_from_db()
    return submission


@transaction.atomic
def submission_resubmit(*, actor=None, client=None, submission: Submission, data: dict):
    """Purchasing fixes what the editor asked for and sends it again (a new round)."""
    who = purchasing_acting(actor, client)
    if not _owned_by(submission, who):
        raise NotAllowed(_("Only who submitted this may resubmit it."))
    data, problems = clean_data({**submission.data, **data})
    if _blocking(problems):
        raise DomainError("; ".join(_blocking(problems).values()), code="invalid")
    with audited(who):
        _move(submission, "resubmit", data=data, title=data["title"])
        _round(submission, SubmissionRound.Kind.SUBMITTED, who, data=data)
        submission.refresh_from_db()
        _resume_work(submission, who)
    return submission


@transaction.atomic
def submission_withdraw(*, actor=None, client=None, submission: Submission, note: str = ""):
    who = purchasing_acting(actor, client)
    if not _owned_by(submission, who):
        raise NotAllowed(_("Only who submitted this may withdraw it."))
    with audited(who):
        _move(submission, "withdraw")
        _round(submission, SubmissionRound.Kind.WITHDRAWN, who, note=note)
        _finish_work(submission, who, _("Withdrawn by Purchasing"))
    submission.refresh_from_db()
    return submission


def _to_product(submission: Submission, data: dict, who: Acting, publish: bool) -> Product:
    problems = readiness(data)
    if problems:
        raise DomainError(
            _("The information is not complete yet: %(p)s")
            % {"p": "; ".join(f"{FIELDS.get(k, k)}: {v}" for k, v in problems.items())},
            code="incomplete",
        )
    category = Category.objects.get(slug=data["category"])
    brand = None
    if data.get("brand"):
        brand = (
            Brand.objects.filter(slug=data["brand"]).first()
            or Brand.objects.filter(name=data["brand"]).first()
        )
    skus = [
        {k: v for k, v in s.items() if v not in (None, "") or k == "spec"} for s in data["skus"]
    ]
    code = f"P{submission.pk:06d}"
    product = product_create(
        actor=who.user, who=who, code=code, title=data["title"], category=category,
        title_en=data.get("title_en", ""), subtitle=data.get("subtitle", ""), brand=brand,
        description=data.get("description", ""), attributes=data.get("attributes") or {},
        submission=submission, skus=skus,
    )  # fmt: skip
    if publish:
        product_publish(
            actor=who.user, product=product, who=acting_for(who.user, "catalog.publish_product")
        )
    return product


@transaction.atomic
def submission_accept(
    *, actor, submission: Submission, data: dict | None = None, publish: bool = False,
    note: str = "",
) -> Product:  # fmt: skip
    """The editor tidies the information (fields, category, specs) and takes it in."""
    who = acting_for(actor, "catalog.review_submission")
    submission = Submission.objects.get(pk=submission.pk)
    data, _problems = clean_data({**submission.data, **(data or {})})
    with audited(who):
        _move(submission, "accept", data=data)
        product = _to_product(submission, data, who, publish)
        Submission.objects.filter(pk=submission.pk).update(product=product)
        _round(submission, SubmissionRound.Kind.ACCEPTED, who, data=data, note=note)
        submission.refresh_from_db()
        _finish_work(submission, who)
    return product


@transaction.atomic
def submission_complete(
    *, actor, submission: Submission, data: dict, publish: bool = False, note: str = ""
) -> Product:
    """PED-07: the resubmission still falls short; the editor completes it in Purchasing's place."""
    who = acting_for(actor, "catalog.review_submission")
    submission = Submission.objects.get(pk=submission.pk)
    returns = submission.rounds.filter(kind=SubmissionRound.Kind.RETURNED).count()
    if returns < 1:
        raise IllegalTransition(
            _(
                "Return the submission to Purchasing first; complete it only if the resubmission "
                "still falls short."
            )  # fmt: skip
        )
    data, _problems = clean_data({**submission.data, **(data or {})})
    with audited(who):
        _move(submission, "complete", data=data, completed_by_editor=True)
        product = _to_product(submission, data, who, publish)
        Submission.objects.filter(pk=submission.pk).update(product=product)
        _round(
            submission, SubmissionRound.Kind.COMPLETED, who, data=data,
            note=note or _("Completed by the product editor in Purchasing's place (PED-07)."),
        )  # fmt: skip
        submission.refresh_from_db()
        _finish_work(submission, who)
    return product


@transaction.atomic
def submissions_import(
    *, actor=None, items: list[dict], filename: str = "", who: Acting | None = None
) -> SubmissionImport:
    """A confirmed spreadsheet: every product in it becomes a submission (all or nothing).
    ``items`` is cleaned in place (its dicts are replaced by their normalised copies).

    Rows are inserted in bulk (a 100k-row sheet is seconds, not an hour), each submission gets
    its first round, and the product editor gets ONE work item for the file — not one per row —
    which closes when the last of its submissions is decided.
    """
    who = who or purchasing_acting(actor)
    categories = set(Category.objects.values_list("slug", flat=True))
    batch = SubmissionImport.objects.create(filename=filename[:200], **who.record_fields())
    # Cleaned in place: a 100k-row file holds one copy of its products, not two.
    pending = items
    for i, raw in enumerate(items):
        data, problems = clean_data(raw, categories=categories)
        if _blocking(problems):
            raise DomainError("; ".join(_blocking(problems).values()), code="invalid")
        pending[i] = data
    if not pending:
        raise DomainError(_("The file has no products."), code="invalid")
    if len({d["reference"] for d in pending}) != len(pending):
        raise DomainError(_("Each product's reference may appear only once."), code="invalid")
    now = timezone.now()
    with audited(who):
        _bulk_insert(batch, pending, who, now)
        SubmissionImport.objects.filter(pk=batch.pk).update(count=len(pending))
        batch.count = len(pending)
        _create_import_work(batch, who)
    return batch


def _bulk_insert(batch: SubmissionImport, pending: list[dict], who: Acting, now) -> None:
    """Submissions and their first rounds with one executemany per chunk.

    A 100k-row sheet spends most of an ORM bulk_create compiling per-object SQL; the columns are
    written directly instead (JSON prepared by the field itself, so SQLite and PostgreSQL agree).
    """
    from django.db import connection

    qn = connection.ops.quote_name
    json_field = Submission._meta.get_field("data")
    date_field = Submission._meta.get_field("created_at")
    stamp = date_field.get_db_prep_save(now, connection)
    sub_cols = (
        "reference",
        "title",
        "status",
        "data",
        "rounds_count",
        "submitted_by_id",
        "client_id",
        "completed_by_editor",
        "import_batch_id",
        "created_at",
        "updated_at",
    )
    round_cols = ("submission_id", "number", "kind", "data", "reasons", "note", "actor_id",
                  "client_id", "position_code", "acting", "source", "at")  # fmt: skip

    def insert(table, cols):
        return (f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in cols)}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(cols))})")  # fmt: skip

    client_id = who.client.pk if who.client is not None else None
    empty = json_field.get_db_prep_save({}, connection)
    with connection.cursor() as cursor:
        for start in range(0, len(pending), 5000):
            chunk = pending[start : start + 5000]
            prepared = [json_field.get_db_prep_save(d, connection) for d in chunk]
            cursor.executemany(insert(Submission._meta.db_table, sub_cols), [
                (d["reference"], d["title"], S.SUBMITTED, j, 1, who.user_id, client_id, False,
                 batch.pk, stamp, stamp)
                for d, j in zip(chunk, prepared, strict=True)
            ])  # fmt: skip
            ids = dict(
                Submission.objects.filter(
                    import_batch=batch, reference__in=[d["reference"] for d in chunk]
                ).values_list("reference", "pk")
            )
            cursor.executemany(insert(SubmissionRound._meta.db_table, round_cols), [
                (ids[d["reference"]], 1, SubmissionRound.Kind.SUBMITTED, j, empty, "",
                 who.user_id, client_id, who.position, who.acting, who.source, stamp)
                for d, j in zip(chunk, prepared, strict=True)
            ])  # fmt: skip


def _create_import_work(batch: SubmissionImport, who: Acting) -> None:
    from siteops.org.models import Position
    from siteops.work import services as work_services

    department = Position.objects.select_related("department").get(code="PUR-COL").department
    work_services.item_create(
        actor=who.user, position="PED", source="module", subject=batch,
        title=(_("Spreadsheet from Purchasing: %(n)s products (%(f)s)")
               % {"n": batch.count, "f": batch.filename or "-"})[:200],
        description=_("Review each product of the file under Submissions from Purchasing."),
        requester=who.user, requester_department=department,
    )  # fmt: skip
