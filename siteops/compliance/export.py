"""The evidence export: everything of one licence (or of the whole register) as one ZIP for an
inspection or a renewal — the register entry, its history, every obligation with its checklist,
submission and outcome, and every evidence file, with a manifest of SHA-256 sums so that the
inspector can see nothing was altered after it was filed."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import FilingKind, FilingOutcome, FilingStatus, LicenceKind, LicenceStatus
from .models import Evidence, Filing, Licence, LicenceEvent

SAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def _safe(text: str, limit: int = 60) -> str:
    return SAFE.sub("_", str(text)).strip("._")[:limit] or "_"


def _csv(rows: list[list]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: opens right in Excel


def _folder(licence: Licence) -> str:
    return f"{licence.pk:04d}-{_safe(LicenceKind(licence.kind).label, 30)}-{_safe(licence.number or '-', 40)}"


def build_zip(licences) -> tempfile.SpooledTemporaryFile:
    """The ZIP of ``licences`` (a queryset) as a rewound temporary file."""
    out = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
    manifest = [[_("file"), "SHA-256", _("bytes")]]
    licences = list(licences.select_related("position").order_by("kind", "pk"))
    ids = [lic.pk for lic in licences]
    filings = {}
    for f in (
        Filing.objects.filter(licence_id__in=ids)
        .prefetch_related("checklist")
        .order_by("due_date", "pk")
    ):
        filings.setdefault(f.licence_id, []).append(f)
    events = {}
    for e in (
        LicenceEvent.objects.filter(licence_id__in=ids).select_related("actor").order_by("at", "pk")
    ):
        events.setdefault(e.licence_id, []).append(e)
    evidence = {}
    for ev in (
        Evidence.objects.filter(licence_id__in=ids)
        .select_related("filing", "uploaded_by")
        .order_by("dated", "pk")
    ):
        evidence.setdefault(ev.licence_id, []).append(ev)

    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, data: bytes) -> None:
            zf.writestr(name, data)
            manifest.append([name, hashlib.sha256(data).hexdigest(), len(data)])

        register = [[_("licence"), _("kind"), _("number"), _("status"), _("issuing authority"),
                     _("holder entity"), _("issue date"), _("valid until"), _("covered domains and sites")]]  # fmt: skip
        for lic in licences:
            folder = _folder(lic)
            register.append([str(lic), LicenceKind(lic.kind).label, lic.number, LicenceStatus(lic.status).label,
                             lic.authority, lic.holder, lic.issued_on or "", lic.valid_until or "",
                             " ".join(lic.covered_list)])  # fmt: skip
            put(f"{folder}/{_('history')}.csv", _csv(
                [[_("at"), _("event"), _("by"), _("message")]]
                + [[timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M"), e.get_kind_display(),
                    str(e.actor or _("system")), e.message] for e in events.get(lic.pk, [])]
            ))  # fmt: skip
            rows = [[_("obligation"), _("kind"), _("opens on"), _("due date"), _("status"), _("submitted on"),
                     _("receipt number"), _("outcome"), _("outcome note"), _("checklist")]]  # fmt: skip
            for f in filings.get(lic.pk, []):
                rows.append([f.title, FilingKind(f.kind).label, f.opens_on, f.due_date, FilingStatus(f.status).label,
                             f.submitted_on or "", f.receipt_number, FilingOutcome(f.outcome).label if f.outcome else "",
                             f.outcome_note, "; ".join(("✓ " if c.done else "✗ ") + c.label for c in f.checklist.all())])  # fmt: skip
            put(f"{folder}/{_('obligations')}.csv", _csv(rows))
            used = set()
            for ev in evidence.get(lic.pk, []):
                ext = ev.file.name.rsplit(".", 1)[-1][:10] if "." in ev.file.name else "bin"
                name = f"{ev.dated.isoformat()}-{_safe(ev.title)}"
                n = 1
                while name in used:
                    n += 1
                    name = f"{ev.dated.isoformat()}-{_safe(ev.title)}-{n}"
                used.add(name)
                try:
                    with ev.file.open("rb") as fh:
                        data = fh.read()
                except OSError:
                    data = None
                if data is None:
                    manifest.append(
                        [f"{folder}/evidence/{name}.{ext}", _("file missing from storage"), 0]
                    )
                    continue
                put(f"{folder}/evidence/{name}.{_safe(ext, 10)}", data)
        put(f"{_('register')}.csv", _csv(register))
        zf.writestr(f"{_('manifest')}.csv", _csv(manifest))
    out.seek(0)
    return out


def filename(licence: Licence | None) -> str:
    day = timezone.localdate().strftime("%Y%m%d")
    if licence is None:
        return f"evidence-all-{day}.zip"
    return f"evidence-{licence.pk}-{_safe(licence.number or licence.kind, 40)}-{day}.zip"
