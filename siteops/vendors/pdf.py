"""PDF files: the technical document (a version sent to the vendor) and the test report (测试报告).

fpdf2 writes them: pure Python (its dependencies, fontTools and Pillow, are wheels), maintained,
and it embeds a subset of a TrueType/OpenType font — which Chinese text needs, since the PDF core
fonts have no CJK glyphs. The font is the machine's Noto Sans CJK (Debian's ``fonts-noto-cjk``,
which CI and ``make demo`` install); ``SITEOPS_PDF_FONT`` may name another file. Without a Chinese
font no PDF is made: the caller gets :class:`PdfUnavailable` with a message saying what to
install (the HTML, Word and XLSX exports work meanwhile).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError

#: (file, face in a collection) tried in order; face 2 of the Noto CJK collection is "SC".
FONT_CANDIDATES: list[tuple[str, int | None]] = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", None),
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
]
FONT = "cjk"


class PdfUnavailable(DomainError):
    """No Chinese font on this server: a PDF with Chinese text cannot be made."""


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, int | None] | None:
    """The font file (and face) PDFs embed, or None when the machine has none."""
    named = os.environ.get("SITEOPS_PDF_FONT", "")
    candidates = [(named, 2 if named.endswith(".ttc") else None)] if named else []
    for path, face in candidates + FONT_CANDIDATES:
        if path and Path(path).is_file():
            return path, face
    return None


def _new_pdf(title: str):
    found = cjk_font()
    if found is None:
        raise PdfUnavailable(
            _(
                "PDF export needs a Chinese font on the server (Noto Sans CJK: install the "
                "fonts-noto-cjk package). Use the HTML or Word export meanwhile."
            )
        )
    from fpdf import FPDF

    path, face = found
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("SiteOps")
    if face is None:
        pdf.add_font(FONT, fname=path)
    else:
        pdf.add_font(FONT, fname=path, collection_font_number=face)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    return pdf


def _heading(pdf, text: str, size: int) -> None:
    pdf.set_font(FONT, size=size)
    pdf.multi_cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _para(pdf, text: str, size: int = 10) -> None:
    if not text:
        return
    pdf.set_font(FONT, size=size)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table(pdf, header: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font(FONT, size=9)
    # one weight of the font is embedded: headings are shaded, not bold
    heading = FontFace(emphasis=None, fill_color=(230, 230, 230))
    with pdf.table(
        col_widths=widths, text_align="LEFT", line_height=5, headings_style=heading
    ) as table:
        row = table.row()
        for h in header:
            row.cell(str(h))
        for values in rows:
            row = table.row()
            for v in values:
                row.cell(str(v))
    pdf.ln(2)


def _bytes(pdf) -> bytes:
    return bytes(pdf.output())


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else "-"


def document_pdf(doc, chapters) -> bytes:
    """A technical document version: ``chapters`` as for the Word export."""
    title = f"{doc.title} · v{doc.version}"
    pdf = _new_pdf(title)
    _heading(pdf, title, 18)
    meta = _("Vendor: %(vendor)s · Issued: %(issued)s") % {
        "vendor": doc.project.vendor,
        "issued": doc.created_at.date().isoformat(),
    }
    if doc.acknowledged_at:
        meta += " · " + _("Acknowledged by %(who)s (%(when)s)") % {
            "who": doc.acknowledged_by,
            "when": doc.acknowledged_at.date().isoformat(),
        }
    _para(pdf, meta, 9)
    _para(pdf, doc.note)
    for number, (chapter, items) in enumerate(chapters, start=1):
        _heading(pdf, f"{number}. {chapter}", 14)
        for item in items:
            data = item.revision.data
            _heading(pdf, f"{item.requirement.code} {data.get('title', '')}", 11)
            _para(
                pdf,
                _("Priority: %(p)s; revision #%(n)s")
                % {"p": item.priority_label, "n": item.revision.number},
                8,
            )
            _para(pdf, data.get("statement", ""))
            for label, key in ((_("Rationale"), "rationale"),
                               (_("Acceptance criteria"), "acceptance_criteria")):  # fmt: skip
                if data.get(key):
                    _para(pdf, f"{label}: {data[key]}")
    return _bytes(pdf)


def test_report_pdf(report: dict) -> bytes:
    """The test report of a run, from :func:`siteops.vendors.selectors.test_report`."""
    run = report["run"]
    title = _("Test report: %(run)s") % {"run": run.name}
    pdf = _new_pdf(title)
    _heading(pdf, title, 18)
    plan = run.plan
    _para(
        pdf,
        _("Project: %(project)s · Plan: %(plan)s (%(kind)s) · Build: %(build)s")
        % {
            "project": plan.project,
            "plan": plan.name,
            "kind": plan.get_kind_display(),
            "build": run.build or "-",
        },  # fmt: skip
        9,
    )
    _para(
        pdf,
        _("Started: %(start)s · Closed: %(end)s")
        % {"start": _when(run.created_at), "end": _when(run.closed_at)},
        9,
    )
    summary = report["summary"]
    _heading(pdf, _("Results"), 13)
    _table(
        pdf,
        [_("Result"), _("Executions")],
        [[label, n] for _s, label, n in summary["by_status"]],
        (3, 1),
    )
    _para(
        pdf,
        _("Pass rate: %(rate)s%% (exit criterion ≥ %(min)s%%) — %(verdict)s")
        % {
            "rate": summary["pass_rate"],
            "min": plan.exit_min_pass_rate,
            "verdict": _("meets the exit criteria")
            if summary["meets_exit"]
            else _("does not meet the exit criteria"),
        },
    )
    _heading(pdf, _("Open defects by severity"), 13)
    _para(pdf, " · ".join(f"{label} {n}" for _s, label, n in summary["open_by_severity"]))
    _heading(pdf, _("Requirements covered"), 13)
    rows = [
        [r["code"], r["title"], c["title"], f"v{c['version']}", c["result"]]
        for r in report["requirements"]
        for c in r["cases"]
    ]
    if rows:
        _table(
            pdf,
            [_("Requirement"), _("Title"), _("Test case"), _("Version"), _("Result")],
            rows,
            (2, 4, 5, 1, 2),
        )
    else:
        _para(pdf, _("No case of this run is linked to a requirement."))
    if report["uncovered"]:
        _para(
            pdf,
            _("Baselined requirements not tested by this run: %(codes)s")
            % {"codes": ", ".join(report["uncovered"])},
        )
    _heading(pdf, _("Sign-off"), 13)
    _para(pdf, report["sign_off"] or _("Not signed off."))
    return _bytes(pdf)


test_report_pdf.__test__ = False  # not a pytest test, despite the name
