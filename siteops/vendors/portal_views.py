"""The vendor's portal inside the back-office shell: its projects, milestones (with slippage),
the documents sent to it, the defects assigned to it; the weekly status report and defect
updates. Another vendor's record answers 404, as if it did not exist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siteops.core.errors import DomainError
from siteops.core.inputs import InputError, clean_text, parse_date, parse_int

from . import portal
from .choices import DefectStatus, RunStatus
from .models import TestRun

ERRORS = (DomainError, ValidationError, InputError)


def _vendor(request):
    if not request.user.has_perm(portal.PORTAL_PERM):
        raise PermissionDenied
    vendor = portal.vendor_of(user=request.user)
    if vendor is None:
        raise PermissionDenied
    return vendor


def _get(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404(_("Not found."))
    return obj


def _fail(request, exc) -> None:
    for m in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, m)


def urlpatterns(site):
    def home(request):
        vendor = _vendor(request)
        context = portal.overview(vendor)
        context["today"] = timezone.localdate()
        return site.render(
            request, "vendors/portal.html", context,
            title=_("Vendor portal: %(v)s") % {"v": vendor},
        )  # fmt: skip

    @require_POST
    def report(request):
        vendor = _vendor(request)
        try:
            project = _get(portal.projects_of(vendor), parse_int(request.POST.get("project"), lo=1))
            lines = []
            for m in project.milestones.exclude(status="accepted"):
                progress = request.POST.get(f"progress_{m.pk}", "")
                if progress == "":
                    continue
                date = request.POST.get(f"forecast_{m.pk}", "")
                lines.append(
                    {
                        "milestone": m.pk,
                        "progress": parse_int(progress, lo=0, hi=100),
                        "forecast_date": parse_date(date) if date else None,
                        "reason": clean_text(request.POST.get(f"reason_{m.pk}", ""),
                                             max_length=2000),
                    }
                )  # fmt: skip
            portal.status_report_submit(
                actor=request.user,
                project=project,
                week_ending=parse_date(request.POST.get("week_ending")),
                summary=clean_text(request.POST.get("summary", ""), max_length=8000),
                risks=clean_text(request.POST.get("risks", ""), max_length=8000),
                next_steps=clean_text(request.POST.get("next_steps", ""), max_length=8000),
                lines=lines,
            )
            messages.success(request, _("Weekly status report sent."))
        except ERRORS as exc:
            _fail(request, exc)
        return redirect("admin:vendors_portal")

    def defect(request, pk):
        vendor = _vendor(request)
        d = _get(portal.defects_of(vendor), pk)
        return site.render(
            request,
            "vendors/portal_defect.html",
            {
                "defect": d,
                "may_fix": d.status == DefectStatus.ASSIGNED,
                "events": d.events.select_related("actor", "client").order_by("at", "pk"),
            },
            title=str(d),
        )

    @require_POST
    def defect_action(request, pk):
        vendor = _vendor(request)
        d = _get(portal.defects_of(vendor), pk)
        try:
            portal.defect_update(
                actor=request.user, defect=d, action=request.POST.get("action", ""),
                comment=clean_text(request.POST.get("comment", ""), max_length=2000),
                build=clean_text(request.POST.get("build", ""), max_length=60),
            )  # fmt: skip
            messages.success(request, _("Saved."))
        except ERRORS as exc:
            _fail(request, exc)
        return redirect("admin:vendors_portal_defect", pk=d.pk)

    def document(request, pk):
        from .exports import document_response

        vendor = _vendor(request)
        doc = _get(portal.documents_of(vendor).select_related("project__vendor"), pk)
        return document_response(site, request, doc, template="vendors/portal_document.html")

    @require_POST
    def document_ack(request, pk):
        vendor = _vendor(request)
        doc = _get(portal.documents_of(vendor), pk)
        try:
            portal.document_acknowledge(
                actor=request.user, document=doc,
                signatory=clean_text(request.POST.get("signatory", ""), max_length=100),
            )  # fmt: skip
            messages.success(request, _("Acknowledgement recorded."))
        except ERRORS as exc:
            _fail(request, exc)
        return redirect("admin:vendors_portal_document", pk=doc.pk)

    def test_report(request, pk):
        from .reports import test_report_of

        vendor = _vendor(request)
        run = _get(
            TestRun.objects.filter(plan__project__vendor=vendor, status=RunStatus.CLOSED), pk
        )
        report = test_report_of(run)
        if report is None:
            raise Http404(_("Not found."))
        report.xlsx.open("rb")
        try:
            content = report.xlsx.read()
        finally:
            report.xlsx.close()
        resp = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        resp["Content-Disposition"] = f'attachment; filename="test-report-{run.pk}.xlsx"'
        return resp

    def test_report_pdf(request, pk):
        from .exports import test_report_response

        vendor = _vendor(request)
        run = _get(
            TestRun.objects.filter(plan__project__vendor=vendor, status=RunStatus.CLOSED)
            .select_related("plan__project", "signed_off_by"),
            pk,
        )  # fmt: skip
        return test_report_response(request, run, back=reverse("admin:vendors_portal"))

    return [
        site.view("vendors/portal/", home, "vendors_portal"),
        site.view(
            "vendors/portal/runs/<int:pk>/test-report.pdf",
            test_report_pdf,
            "vendors_portal_test_report_pdf",
        ),
        site.view(
            "vendors/portal/runs/<int:pk>/test-report.xlsx",
            test_report,
            "vendors_portal_test_report",
        ),
        site.view("vendors/portal/report/", report, "vendors_portal_report"),
        site.view("vendors/portal/defects/<int:pk>/", defect, "vendors_portal_defect"),
        site.view(
            "vendors/portal/defects/<int:pk>/do/", defect_action, "vendors_portal_defect_action"
        ),
        site.view("vendors/portal/documents/<int:pk>/", document, "vendors_portal_document"),
        site.view(
            "vendors/portal/documents/<int:pk>/ack/", document_ack, "vendors_portal_document_ack"
        ),
    ]
