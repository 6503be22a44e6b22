"""The technical document as a page or a file: HTML, XLSX and Word (DOCX, for a vendor that
works in Word) — for our staff and, through the portal, for the vendor it was sent to.

python-docx writes the file (the project had no DOCX writer: openpyxl does spreadsheets only, and
a hand-made WordprocessingML zip would have to re-do styles, numbering and East Asian fonts that
python-docx already gets right). The PDF comes from :mod:`siteops.vendors.pdf` (fpdf2, with the
machine's Noto Sans CJK embedded).
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

EAST_ASIAN_FONT = "SimSun"  # 宋体: present wherever Word is used in China


def _east_asian(style) -> None:
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def document_docx(doc, chapters) -> bytes:
    """``chapters``: [(chapter label, [DocumentItem with .revision and .priority_label])]."""
    from docx import Document

    word = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        _east_asian(word.styles[name])
    word.core_properties.title = f"{doc.title} v{doc.version}"
    word.add_heading(f"{doc.title} · v{doc.version}", level=0)
    meta = _("Vendor: %(vendor)s · Issued: %(issued)s") % {
        "vendor": doc.project.vendor,
        "issued": doc.created_at.date().isoformat(),
    }
    if doc.acknowledged_at:
        meta += " · " + _("Acknowledged by %(who)s (%(when)s)") % {
            "who": doc.acknowledged_by,
            "when": doc.acknowledged_at.date().isoformat(),
        }
    word.add_paragraph(meta)
    if doc.note:
        word.add_paragraph(doc.note)
    for number, (chapter, items) in enumerate(chapters, start=1):
        word.add_heading(f"{number}. {chapter}", level=1)
        for item in items:
            data = item.revision.data
            word.add_heading(f"{item.requirement.code} {data.get('title', '')}", level=2)
            word.add_paragraph(
                _("Priority: %(p)s; revision #%(n)s")
                % {"p": item.priority_label, "n": item.revision.number}
            ).italic = True
            word.add_paragraph(data.get("statement", ""))
            for label, key in ((_("Rationale"), "rationale"),
                               (_("Acceptance criteria"), "acceptance_criteria")):  # fmt: skip
                if data.get(key):
                    p = word.add_paragraph()
                    p.add_run(f"{label}: ").bold = True
                    p.add_run(data[key])
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def document_response(site, request, doc, *, template: str):
    """A document version as a page, or exported (``?format=html|docx|xlsx``) — for our staff and,
    through the portal, for the vendor it was sent to (the caller has checked who may see it)."""
    items = doc.items.select_related("requirement", "revision").order_by(
        "requirement__section", "requirement__code"
    )
    fmt = request.GET.get("format", "")
    body = {"doc": doc, "chapters": _chapters(items)}
    filename = f"{doc.project.code}-v{doc.version}"
    if fmt == "html":
        html = render_to_string("vendors/document_export.html", body, request=request)
        resp = HttpResponse(html, content_type="text/html; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{filename}.html"'
        return resp
    if fmt == "docx":
        from .exports import document_docx

        resp = HttpResponse(
            document_docx(doc, body["chapters"]),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        resp["Content-Disposition"] = f'attachment; filename="{filename}.docx"'
        return resp
    if fmt == "pdf":
        from django.contrib import messages
        from django.shortcuts import redirect

        from .pdf import PdfUnavailable, document_pdf

        try:
            content = document_pdf(doc, body["chapters"])
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect(request.path)
        resp = HttpResponse(content, content_type="application/pdf")
        resp["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return resp
    if fmt == "xlsx":
        from siteops.core.spreadsheets import xlsx_bytes

        header = [_("Chapter"), _("ID"), _("Title"), _("Statement"), _("Rationale"),
                  _("Acceptance criteria"), _("Priority"), _("Revision")]  # fmt: skip
        rows = [
            [
                str(ch),
                i.requirement.code,
                i.revision.data.get("title", ""),
                i.revision.data.get("statement", ""),
                i.revision.data.get("rationale", ""),
                i.revision.data.get("acceptance_criteria", ""),
                i.priority_label,
                i.revision.number,
            ]  # fmt: skip
            for ch, chapter_items in body["chapters"]
            for i in chapter_items
        ]
        resp = HttpResponse(
            xlsx_bytes([header, *rows]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        resp["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return resp
    return site.render(request, template, body, title=str(doc))


def _chapters(items):
    from .choices import Priority, Section

    labels = dict(Section.choices)
    prio = dict(Priority.choices)
    out, current = [], None
    for i in items:
        i.priority_label = str(prio.get(i.revision.data.get("priority"), ""))
        if current is None or current[0] != i.requirement.section:
            current = (i.requirement.section, [])
            out.append(current)
        current[1].append(i)
    return [(labels.get(sec, sec), rows) for sec, rows in out]


def test_report_response(request, run, *, back: str):
    """The run's test report as PDF (staff page and vendor portal): the one archived when it
    closed, else made now (a draft of an open run). Without a Chinese font on the server: a
    message, back on the page."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from . import selectors
    from .pdf import PdfUnavailable, test_report_pdf

    if run.report_pdf:
        with run.report_pdf.open("rb") as f:
            content = f.read()
    else:
        try:
            content = test_report_pdf(selectors.test_report(run))
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect(back)
    resp = HttpResponse(content, content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="test-report-{run.pk}.pdf"'
    return resp
