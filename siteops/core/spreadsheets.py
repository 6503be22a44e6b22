"""Spreadsheets in and out — the one place that reads uploaded XLSX/CSV and writes XLSX/CSV.

Reading (:func:`iter_rows`, :func:`read_records`):

- the type comes from the **content**, never the file name: a zip with ``xl/workbook.xml`` is a
  workbook, text is CSV, anything else (an old ``.xls``, a PDF, an image, a binary) is refused;
- a workbook is checked before any parser opens it: its directory (no decompression) for zip
  bombs (total size, ratio, member count), and its XML parts for DTDs and entities (XXE, "billion
  laughs") with ``defusedxml`` — then read by python-calamine (Rust) or openpyxl (read-only,
  which itself parses through defusedxml when installed);
- CSV encodings: UTF-8 with or without BOM, else GB18030 (a superset of GBK/GB2312, what Excel
  saves on a Chinese Windows);
- limits: bytes, uncompressed bytes, rows (:class:`Limits`); each exceeded limit is a translated
  :class:`SpreadsheetError` (a ``ValidationError``) naming it;
- rows come one at a time as ``(line number, {column: text})``; the caller turns a bad row into a
  **row error** (its line and the reason, e.g. a sync row with ``status`` error) and goes on.

Writing (:func:`xlsx_bytes`, :func:`workbook`, :func:`csv_text`, :func:`csv_bytes`): every text
cell that a spreadsheet program would run as a formula (starting with ``= + - @``, tab or CR) gets
a leading apostrophe (:func:`neutralise`); numbers pass unchanged.

    for line, row in iter_rows(upload, ["op", "code", "value"], required=["op", "code"]):
        ...
    return xlsx_bytes([header, *rows])
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, bytes
MAX_RATIO = 200  # uncompressed / compressed, for members larger than 1 MiB
MAX_MEMBERS = 10_000
MAX_ROWS = 200_000
MAX_CELL_CHARS = 10_000
_SNIFF_BYTES = 1024 * 1024  # CSV encoding: decided on the first MiB


class SpreadsheetError(ValidationError):
    """A file that cannot be read as a spreadsheet; the message is translated and safe to show."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_uncompressed: int = MAX_UNCOMPRESSED
    max_rows: int = MAX_ROWS


# --- What kind of file is it? -----------------------------------------------------------------


def _as_file(upload):
    if isinstance(upload, bytes | bytearray):
        return io.BytesIO(upload)
    return upload


def _size(upload) -> int | None:
    size = getattr(upload, "size", None)
    if size is None and isinstance(upload, io.BytesIO):
        size = len(upload.getbuffer())
    return size


def _head(upload, n: int = 8) -> bytes:
    upload.seek(0)
    data = upload.read(n)
    upload.seek(0)
    return data


def check_office_archive(
    upload, *, max_uncompressed: int = MAX_UNCOMPRESSED, max_ratio: int = MAX_RATIO
) -> None:
    """Raise :class:`SpreadsheetError` unless ``upload`` is a reasonable OOXML zip.

    Reads the archive's directory (no decompression) for bombs, then the first bytes of each XML
    part and the small package parts through defusedxml for DTDs/entities (XXE).
    """
    pos = upload.tell() if hasattr(upload, "tell") else 0
    not_xlsx = _("This file is not an Excel workbook (.xlsx), whatever its name says.")
    try:
        upload.seek(0)
        if not zipfile.is_zipfile(upload):
            raise SpreadsheetError(not_xlsx, code="not_xlsx")
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names:
                raise SpreadsheetError(not_xlsx, code="not_xlsx")
            total = sum(m.file_size for m in members)
            bomb = len(members) > MAX_MEMBERS or total > max_uncompressed or any(
                m.file_size > 1024 * 1024 and m.file_size > max_ratio * max(m.compress_size, 1)
                for m in members
            )  # fmt: skip
            if bomb:
                raise SpreadsheetError(
                    _(
                        "This workbook would expand to %(mb)s MB when opened; the limit is "
                        "%(limit)s MB. Split it into smaller files."
                    )  # fmt: skip
                    % {"mb": total // (1024 * 1024), "limit": max_uncompressed // (1024 * 1024)},
                    code="too_big_unpacked",
                )
            _check_xml_parts(archive, members)
    except zipfile.BadZipFile:
        raise SpreadsheetError(
            _("This file is damaged or not a spreadsheet."), code="damaged"
        ) from None
    finally:
        upload.seek(pos)


def _check_xml_parts(archive: zipfile.ZipFile, members) -> None:
    """No DTD or entity in any XML part (XXE / entity expansion), checked with defusedxml."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    refused = SpreadsheetError(
        _("This workbook contains XML declarations that are not allowed (DTD or entities)."),
        code="xml_entities",
    )
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")) or member.file_size == 0:
            continue
        with archive.open(member) as part:
            head = part.read(4096)
        if b"<!doctype" in head.lower() or b"<!entity" in head.lower():
            raise refused
        # Small package parts are parsed in full by defusedxml (refuses DTDs and entities).
        if member.file_size <= 256 * 1024 and member.filename in (
            "[Content_Types].xml", "xl/workbook.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels",
        ):  # fmt: skip
            with archive.open(member) as part:
                try:
                    fromstring(part.read(), forbid_dtd=True)
                except DefusedXmlException:
                    raise refused from None
                except Exception:  # noqa: BLE001 — malformed XML: the same answer for the user
                    raise SpreadsheetError(
                        _("This file is damaged or not a spreadsheet."), code="damaged"
                    ) from None


def detect(upload, *, limits: Limits = Limits()) -> str:
    """ "xlsx" or "csv" by content; anything else (or a bomb) is refused with a clear error."""
    upload = _as_file(upload)
    size = _size(upload)
    if size is not None and size > limits.max_bytes:
        raise SpreadsheetError(
            _("The file is too large (%(mb)s MB); the limit is %(limit)s MB.")
            % {"mb": size // (1024 * 1024), "limit": max(limits.max_bytes // (1024 * 1024), 1)},
            code="too_big",
        )
    head = _head(upload)
    if head.startswith(b"PK\x03\x04"):
        check_office_archive(upload, max_uncompressed=limits.max_uncompressed)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        finally:
            upload.seek(0)
        if "xl/workbook.xml" not in names:
            raise SpreadsheetError(
                _("This is not an Excel workbook (.xlsx). Upload an .xlsx or .csv file."),
                code="not_xlsx",
            )
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _("This is an old Excel file (.xls). Save it as .xlsx or .csv and upload that."),
            code="xls",
        )
    sample = _head(upload, 4096)
    if b"\x00" in sample or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8", b"GIF8")):
        raise SpreadsheetError(
            _("This file is not a spreadsheet we accept. Upload an .xlsx or UTF-8 .csv file."),
            code="not_spreadsheet",
        )
    return "csv"


# --- Reading rows -------------------------------------------------------------------------------


def _normalise_header(cells, aliases: dict[str, str]) -> list[str]:
    out = []
    for cell in cells:
        raw = str(cell or "").strip().lstrip("\ufeff")
        name = raw.lower().replace(" ", "_")
        out.append(aliases.get(name, aliases.get(raw, name)))
    return out


def cell_text(value) -> str:
    """A cell as text: None -> "", 3.0 -> "3", datetimes as ISO; bounded in length."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()[:MAX_CELL_CHARS]


def iter_rows(
    upload,
    columns: Sequence[str],
    *,
    required: Sequence[str] | None = None,
    aliases: dict[str, str] | None = None,
    limits: Limits = Limits(),
) -> Iterator[tuple[int, dict]]:
    """Yield ``(line number, {column: text})`` one row at a time (the first row names columns).

    ``columns``: the columns kept (others are ignored); ``required``: those the header must have
    (default: the first two). Blank rows are skipped; more than ``limits.max_rows`` is an error.
    """
    upload = _as_file(upload)
    kind = detect(upload, limits=limits)
    rows = _xlsx_rows(upload) if kind == "xlsx" else _csv_rows(upload)
    try:
        header = next(rows)
    except StopIteration:
        raise SpreadsheetError(_("The file is empty."), code="empty") from None
    header = _normalise_header(header, aliases or {})
    needed = list(columns[:2]) if required is None else list(required)
    missing = [c for c in needed if c not in header]
    if missing:
        raise SpreadsheetError(
            _("The first row must name the columns; missing: %(c)s. Download the template.")
            % {"c": ", ".join(missing)},
            code="columns",
        )
    index = [(i, name) for i, name in enumerate(header) if name in columns]
    count = 0
    for line, cells in enumerate(rows, start=2):
        if not any(c not in (None, "") for c in cells):
            continue
        count += 1
        if count > limits.max_rows:
            raise SpreadsheetError(
                _("Too many rows; at most %(n)s per file.") % {"n": limits.max_rows},
                code="too_many_rows",
            )
        yield line, {name: cell_text(cells[i]) if i < len(cells) else "" for i, name in index}


def read_records(upload, columns: Sequence[str], **kwargs) -> list[tuple[int, dict]]:
    """All rows of :func:`iter_rows` as a list (for files small enough to hold)."""
    return list(iter_rows(upload, columns, **kwargs))


def _xlsx_rows(upload):
    """Rows of the first sheet: python-calamine (Rust, ~20x faster) when installed, else openpyxl
    in read-only mode. Either way the archive was checked first (``detect``)."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        yield from _openpyxl_rows(upload)
        return
    upload.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(upload)
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception:  # noqa: BLE001 — any parser failure is the same answer for the user
        raise SpreadsheetError(
            _("This file is damaged or not a spreadsheet."), code="damaged"
        ) from None
    yield from rows


def _openpyxl_rows(upload):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any parser failure is the same answer for the user
        raise SpreadsheetError(
            _("This file is damaged or not a spreadsheet."), code="damaged"
        ) from None
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def csv_encoding(sample: bytes) -> str:
    """utf-8-sig (UTF-8, with or without BOM) unless the sample is not UTF-8: then gb18030."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the sample's end
            return "gb18030"
    return "utf-8-sig"


def _csv_rows(upload):
    upload.seek(0)
    encoding = csv_encoding(upload.read(_SNIFF_BYTES))
    upload.seek(0)
    binary = upload.file if hasattr(upload, "file") else upload
    reader = codecs.getreader(encoding)(binary, errors="strict")
    try:
        yield from csv.reader(reader)
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("The CSV file must be UTF-8 (or GB18030) text."), code="encoding"
        ) from None
    except csv.Error as exc:
        raise SpreadsheetError(
            _("The CSV file is malformed: %(e)s") % {"e": exc}, code="malformed"
        ) from None


# --- Writing ------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_bytes(rows: Iterable[Sequence]) -> bytes:
    """One sheet, streamed (write-only): any number of rows; every text cell neutralised."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """sheets: (title, header, rows) -> XLSX bytes, the header bold; every text cell neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        ws = book.create_sheet(title=str(title)[:31])
        ws.append([neutralise(str(h)) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([neutralise(v) for v in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV text (header + rows); every text cell neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([neutralise(str(h)) for h in header])
    for row in rows:
        writer.writerow([neutralise("" if v is None else v) for v in row])
    return buf.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """CSV as UTF-8 with a BOM, so Excel on a Chinese Windows opens it as UTF-8."""
    return ("\ufeff" + csv_text(header, rows)).encode("utf-8")


__all__ = [
    "XLSX_CONTENT_TYPE", "Limits", "SpreadsheetError", "cell_text",
    "check_office_archive", "csv_bytes", "csv_encoding", "csv_text", "detect", "iter_rows",
    "neutralise", "read_records", "workbook", "xlsx_bytes",
]  # fmt: skip
