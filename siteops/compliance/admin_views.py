"""Work screens of the compliance area: a licence (status, obligations, evidence), one obligation
(checklist, submission, outcome), and the obligations calendar."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError
from siteops.core.inputs import InputError, parse_date

from . import documents, selectors, services
from .choices import (
    LICENCE_TRANSITIONS,
    PSB_TRANSITIONS,
    FilingOutcome,
    FilingStatus,
    LicenceStatus,
)
from .models import PsbFiling


def _errors(request, exc) -> None:
    for m in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, m)


def _need(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def urlpatterns(site):
    def calendar_view(request):
        _need(request, "compliance.view_licence")
        filings = selectors.filings_visible_to(request.user)
        today = timezone.localdate()
        open_ = list(filings.exclude(status=FilingStatus.CLOSED).order_by("due_date", "pk")[:300])
        for f in open_:
            f.days_left = (f.due_date - today).days
        closed = list(filings.filter(status=FilingStatus.CLOSED).order_by("-closed_at")[:50])
        licences = list(selectors.licences_visible_to(request.user).order_by("kind", "pk")[:300])
        return site.render(
            request, "compliance/calendar.html",
            {"open": open_, "closed": closed, "licences": licences, "today": today},
            title=_("Licences and obligations"),
        )  # fmt: skip

    def licence_view(request, pk):
        licence = selectors.licences_visible_to(request.user).filter(pk=pk).first()
        if licence is None:
            raise Http404(_("No such licence."))
        moves = [LicenceStatus(s) for s in sorted(LICENCE_TRANSITIONS[licence.status])]
        return site.render(
            request, "compliance/licence.html",
            {
                "licence": licence, "moves": moves,
                "filings": licence.filings.order_by("-due_date")[:100],
                "evidence": licence.evidence.select_related("filing", "uploaded_by")[:200],
                "events": licence.events.select_related("actor").order_by("-at")[:100],
                "may_change": request.user.has_perm(services.CHANGE),
            },
            title=str(licence),
        )  # fmt: skip

    @require_POST
    def licence_move(request, pk):
        licence = selectors.licences_visible_to(request.user).filter(pk=pk).first()
        if licence is None:
            raise Http404(_("No such licence."))
        try:
            services.licence_transition(
                actor=request.user, licence=licence, to=request.POST.get("to", "")[:20],
                note=request.POST.get("note", "")[:300],
            )  # fmt: skip
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Status changed."))
        return redirect("admin:compliance_licence", pk)

    @require_POST
    def licence_evidence(request, pk):
        licence = selectors.licences_visible_to(request.user).filter(pk=pk).first()
        if licence is None:
            raise Http404(_("No such licence."))
        filing = None
        back = ("admin:compliance_licence", pk)
        if request.POST.get("filing"):
            filing = licence.filings.filter(pk=_int(request.POST["filing"])).first()
            if filing is None:
                raise Http404(_("No such obligation."))
            back = ("admin:compliance_filing", filing.pk)
        try:
            services.evidence_add(
                actor=request.user, licence=licence, filing=filing,
                title=request.POST.get("title", "")[:200],
                dated=parse_date(request.POST.get("dated", "")),
                upload=request.FILES.get("file"),
            )  # fmt: skip
        except (DomainError, ValidationError, InputError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Evidence kept."))
        return redirect(*back)

    def filing_view(request, pk):
        filing = selectors.filings_visible_to(request.user).filter(pk=pk).first()
        if filing is None:
            raise Http404(_("No such obligation."))
        return site.render(
            request, "compliance/filing.html",
            {
                "filing": filing, "checklist": filing.checklist.all(),
                "evidence": filing.evidence.select_related("uploaded_by"),
                "outcomes": FilingOutcome.choices, "today": timezone.localdate(),
                "may_change": request.user.has_perm(services.CHANGE),
                "renews": filing.kind in ("renewal", "reapplication"),
            },
            title=filing.title,
        )  # fmt: skip

    def _filing(request, pk):
        filing = selectors.filings_visible_to(request.user).filter(pk=pk).first()
        if filing is None:
            raise Http404(_("No such obligation."))
        return filing

    @require_POST
    def filing_check(request, pk):
        filing = _filing(request, pk)
        try:
            services.filing_check(
                actor=request.user, filing=filing, item_id=_int(request.POST.get("item", "")),
                done=request.POST.get("done") == "1",
            )  # fmt: skip
        except (DomainError, ValidationError) as exc:
            _errors(request, exc)
        return redirect("admin:compliance_filing", pk)

    @require_POST
    def filing_submit(request, pk):
        filing = _filing(request, pk)
        try:
            services.filing_submit(
                actor=request.user, filing=filing,
                submitted_on=parse_date(request.POST.get("submitted_on", "")),
                receipt_number=request.POST.get("receipt_number", "")[:100],
                upload=request.FILES.get("file"),
            )  # fmt: skip
        except (DomainError, ValidationError, InputError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Submission recorded."))
        return redirect("admin:compliance_filing", pk)

    @require_POST
    def filing_close(request, pk):
        filing = _filing(request, pk)
        try:
            raw = request.POST.get("new_valid_until", "").strip()
            services.filing_close(
                actor=request.user, filing=filing, outcome=request.POST.get("outcome", "")[:20],
                note=request.POST.get("note", "")[:2000],
                new_valid_until=parse_date(raw) if raw else None,
            )  # fmt: skip
        except (DomainError, ValidationError, InputError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Outcome recorded."))
        return redirect("admin:compliance_filing", pk)

    def document_view(request, pk):
        from .models import Document

        if not request.user.has_perm("compliance.view_document"):
            raise PermissionDenied
        doc = (
            Document.objects.select_related("owner", "licence", "latest_revision")
            .filter(pk=pk)
            .first()
        )
        if doc is None:
            raise Http404(_("No such document."))
        draft = doc.as_of(doc.latest_revision) if doc.latest_revision_id else doc
        return site.render(
            request, "compliance/document.html",
            {
                "doc": doc, "draft": draft, "rates": selectors.acknowledgement_rates(doc),
                "events": doc.events.select_related("actor").order_by("-at")[:50],
                "may_change": request.user.has_perm(documents.CHANGE),
                "has_new_draft": doc.latest_revision_id and doc.latest_revision_id != doc.live_revision_id,
            },
            title=doc.title,
        )  # fmt: skip

    @require_POST
    def document_post(request, pk, action):
        from .models import Document

        doc = Document.objects.filter(pk=pk).first()
        if doc is None or not request.user.has_perm("compliance.view_document"):
            raise Http404(_("No such document."))
        try:
            if action == "edit":
                documents.document_edit(
                    actor=request.user, document=doc, title=request.POST.get("title", "")[:200],
                    body=request.POST.get("body", "")[:100_000], message=request.POST.get("message", "")[:200],
                )  # fmt: skip
            elif action == "submit":
                raw = request.POST.get("effective_date", "").strip()
                documents.document_submit(
                    actor=request.user, document=doc, effective_date=parse_date(raw) if raw else None,
                    message=request.POST.get("message", "")[:500],
                )  # fmt: skip
            elif action == "supersede":
                documents.document_supersede(
                    actor=request.user, document=doc, note=request.POST.get("note", "")[:300]
                )
            else:
                raise Http404
        except (DomainError, ValidationError, InputError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Saved."))
        return redirect("admin:compliance_document", pk)

    def acknowledge(request):
        from .models import Document

        if request.method == "POST":
            doc = (
                selectors.documents_to_acknowledge(request.user)
                .filter(pk=_int(request.POST.get("document", "")))
                .first()
            )
            if doc is None:
                messages.error(request, _("Nothing to acknowledge there."))
            else:
                try:
                    documents.document_acknowledge(actor=request.user, document=doc)
                except DomainError as exc:
                    _errors(request, exc)
                else:
                    messages.success(request, _("Acknowledged: %(title)s") % {"title": doc.title})
            return redirect("admin:compliance_acknowledge")
        pending = list(selectors.documents_to_acknowledge(request.user).order_by("title")[:100])
        done = Document.objects.filter(acks__user=request.user).distinct().order_by("title")[:100]
        return site.render(request, "compliance/acknowledge.html", {"pending": pending, "done": done},
                           title=_("Policies to acknowledge"))  # fmt: skip

    def evidence_file(request, pk):
        """Evidence is not public media: only who may see the register downloads it."""
        from django.http import FileResponse

        from .models import Evidence

        if not request.user.has_perm("compliance.view_evidence"):
            raise PermissionDenied
        ev = Evidence.objects.filter(pk=pk).first()
        if ev is None:
            raise Http404(_("No such evidence file."))
        try:
            handle = ev.file.open("rb")
        except OSError as exc:
            raise Http404(_("No such evidence file.")) from exc
        return FileResponse(handle, as_attachment=True, filename=ev.file.name.rsplit("/", 1)[-1])

    def evidence_export(request, pk=None):
        """Everything of one licence (or of all) as a ZIP, for who may see the evidence."""
        from django.http import FileResponse

        from . import export
        from .models import Licence

        if not request.user.has_perm("compliance.view_evidence"):
            raise PermissionDenied
        licences = selectors.licences_visible_to(request.user)
        licence = None
        if pk is not None:
            licence = licences.filter(pk=pk).first()
            if licence is None:
                raise Http404(_("No such licence."))
            licences = Licence.objects.filter(pk=pk)
        return FileResponse(export.build_zip(licences), as_attachment=True,
                            filename=export.filename(licence), content_type="application/zip")  # fmt: skip

    def impact_view(request):
        """Changing the company's name, address, legal representative, a domain or the hosting
        provider: the licences to amend and their deadlines on one screen."""
        from . import impact

        _need(request, "compliance.view_licence")
        today = timezone.localdate()
        data = request.POST if request.method == "POST" else request.GET
        change = data.get("change", "")[:20]
        domain = data.get("domain", "").strip()[:253]
        rows, on, error = [], None, ""
        if change:
            try:
                if change not in dict(impact.Change.CHOICES):
                    raise InputError(_("Choose what changes."))
                on = parse_date(data.get("on", "")) if data.get("on") else today
            except InputError as exc:
                error = str(exc)
            else:
                if request.method == "POST":
                    try:
                        n = impact.amendments_open(
                            actor=request.user, change=change, on=on, today=today, domain=domain
                        )
                    except (DomainError, ValidationError) as exc:
                        _errors(request, exc)
                    else:
                        messages.success(
                            request,
                            _("%(n)d licences marked “change pending” with their due dates.")
                            % {"n": n},
                        )
                    return redirect(
                        f"{request.path}?change={change}&on={on.isoformat()}&domain={domain}"
                    )
                rows = impact.amendments(change, on, today, domain)
        return site.render(
            request, "compliance/impact.html",
            {"choices": impact.Change.CHOICES, "change": change, "on": on or today, "domain": domain,
             "rows": rows, "error": error, "may_change": request.user.has_perm(services.CHANGE)},
            title=_("Changes of the company and the licences to amend"),
        )  # fmt: skip

    def _psb(request, pk):
        _need(request, "compliance.view_psbfiling")
        filing = PsbFiling.objects.select_related("site", "licence").filter(pk=pk).first()
        if filing is None:
            raise Http404(_("No such filing."))
        return filing

    def psb_view(request, pk):
        filing = _psb(request, pk)
        return site.render(
            request, "compliance/psb_filing.html",
            {
                "filing": filing, "today": timezone.localdate(),
                "moves": sorted(PSB_TRANSITIONS[filing.status]),
                "evidence": filing.evidence.select_related("filing", "uploaded_by"),
                "may_change": request.user.has_perm(services.CHANGE),
            },
            title=str(filing),
        )  # fmt: skip

    @require_POST
    def psb_post(request, pk, action):
        from . import psb

        filing = _psb(request, pk)
        if action not in ("submit", "accept", "reject"):
            raise Http404(_("No such step."))
        post, upload = request.POST, request.FILES.get("file")
        try:
            day = parse_date(post.get("day", ""))
            if action == "submit":
                psb.psb_submit(actor=request.user, filing=filing, submitted_on=day, upload=upload,
                               application_number=post.get("number", "")[:100])  # fmt: skip
            elif action == "accept":
                psb.psb_accept(actor=request.user, filing=filing, decided_on=day, upload=upload,
                               filing_number=post.get("number", "")[:100])  # fmt: skip
            else:
                psb.psb_reject(actor=request.user, filing=filing, decided_on=day, upload=upload,
                               reason=post.get("reason", "")[:2000])  # fmt: skip
        except (DomainError, ValidationError, InputError) as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Recorded."))
        return redirect("admin:compliance_psb_filing", pk)

    def yearly_view(request):
        from . import yearly

        _need(request, "compliance.view_licence")
        today = timezone.localdate()
        try:
            year = int(request.GET.get("year", "")[:4]) if request.GET.get("year") else today.year
        except ValueError:
            year = today.year
        year = min(max(year, 2000), today.year + 1)
        report = yearly.yearly_report(year, today)
        return site.render(request, "compliance/yearly.html", {"r": report, "years": range(today.year - 4, today.year + 1)},
                           title=_("Compliance report %(year)d") % {"year": year})  # fmt: skip

    return [
        site.view("compliance/impact/", impact_view, "compliance_impact"),
        site.view("compliance/report/", yearly_view, "compliance_yearly"),
        site.view("compliance/psb/<int:pk>/", psb_view, "compliance_psb_filing"),
        site.view("compliance/psb/<int:pk>/<str:action>/", psb_post, "compliance_psb_filing_post"),
        site.view(
            "compliance/evidence/export.zip", evidence_export, "compliance_evidence_export_all"
        ),
        site.view(
            "compliance/licences/<int:pk>/export.zip", evidence_export, "compliance_evidence_export"
        ),
        site.view("compliance/evidence/<int:pk>/file/", evidence_file, "compliance_evidence_file"),
        site.view("compliance/documents/<int:pk>/", document_view, "compliance_document"),
        site.view(
            "compliance/documents/<int:pk>/<str:action>/", document_post, "compliance_document_post"
        ),
        site.view("compliance/acknowledge/", acknowledge, "compliance_acknowledge"),
        site.view("compliance/calendar/", calendar_view, "compliance_calendar"),
        site.view("compliance/licences/<int:pk>/", licence_view, "compliance_licence"),
        site.view("compliance/licences/<int:pk>/status/", licence_move, "compliance_licence_move"),
        site.view(
            "compliance/licences/<int:pk>/evidence/", licence_evidence, "compliance_evidence_add"
        ),
        site.view("compliance/filings/<int:pk>/", filing_view, "compliance_filing"),
        site.view("compliance/filings/<int:pk>/check/", filing_check, "compliance_filing_check"),
        site.view("compliance/filings/<int:pk>/submit/", filing_submit, "compliance_filing_submit"),
        site.view("compliance/filings/<int:pk>/close/", filing_close, "compliance_filing_close"),
    ]


def _int(text: str) -> int:
    try:
        return int(str(text)[:12])
    except ValueError:
        return 0
