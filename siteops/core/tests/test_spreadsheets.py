"""The one spreadsheet module: type by content, encodings, bomb/XXE guard, limits, row lines,
and formula neutralising on the way out."""

import csv
import io
import zipfile

import openpyxl
import pytest

from siteops.core import spreadsheets as ss
from siteops.core.spreadsheets import Limits, SpreadsheetError


def _xlsx(rows) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rows(content, columns=("code", "value"), **kw):
    return ss.read_records(content, list(columns), **kw)


def test_type_is_told_by_content_not_name():
    assert ss.detect(_xlsx([["code"]])) == "xlsx"
    assert ss.detect(b"code,value\nA,1\n") == "csv"
    for content in (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old xls", b"%PDF-1.7 ...",
                    b"\x89PNG\r\n\x1a\n....", b"MZ\x90\x00\x03\x00\x00\x00"):  # fmt: skip
        with pytest.raises(SpreadsheetError):
            ss.detect(content)


def test_rows_come_with_their_line_and_blank_rows_are_skipped():
    content = _xlsx([["Code", "Value", "other"], ["A", 3.0, "x"], [None, None], ["B", " x "]])
    assert _rows(content) == [(2, {"code": "A", "value": "3"}), (4, {"code": "B", "value": "x"})]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(encoding):
    content = "code,value\n保温杯,5\n".encode(encoding)
    assert _rows(content) == [(2, {"code": "保温杯", "value": "5"})]


def test_gbk_past_the_first_kilobytes_is_still_read():
    content = ("code,value\n" + "A,1\n" * 2000 + "杯子,2\n").encode("gbk")
    assert _rows(content)[-1] == (2002, {"code": "杯子", "value": "2"})


def test_missing_columns_and_empty_file_are_clear_errors():
    with pytest.raises(SpreadsheetError, match="code"):
        _rows(b"foo,bar\n1,2\n")
    with pytest.raises(SpreadsheetError):
        _rows(b"")


def test_size_and_row_limits():
    with pytest.raises(SpreadsheetError) as exc:
        _rows(b"code,value\n" + b"A,1\n" * 100, limits=Limits(max_bytes=100))
    assert exc.value.code == "too_big"
    with pytest.raises(SpreadsheetError) as exc:
        _rows(b"code,value\n" + b"A,1\n" * 11, limits=Limits(max_rows=10))
    assert exc.value.code == "too_many_rows"


def test_zip_bomb_is_refused_before_parsing():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))
    with pytest.raises(SpreadsheetError) as exc:
        ss.detect(buf.getvalue(), limits=Limits(max_uncompressed=10 * 1024 * 1024))
    assert exc.value.code == "too_big_unpacked"


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/sharedStrings.xml"])
def test_xml_entities_are_refused(part):
    """XXE / billion laughs: a DTD with entities in any part of the workbook is refused."""
    good = _xlsx([["code", "value"], ["A", "1"]])
    evil = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">'
            b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst>&b;&xxe;</sst>')  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, evil if item.filename == part else src.read(item.filename))
        if part not in src.namelist():
            dst.writestr(part, evil)
    with pytest.raises(SpreadsheetError) as exc:
        _rows(out.getvalue())
    assert exc.value.code == "xml_entities"


def test_a_damaged_workbook_is_a_clear_error():
    with pytest.raises(SpreadsheetError):
        _rows(b"PK\x03\x04" + b"\x00" * 100)


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)",
                                   "\tcmd", "\r=1"])  # fmt: skip
def test_formulas_are_neutralised_in_xlsx_and_csv(value):
    book = openpyxl.load_workbook(io.BytesIO(ss.xlsx_bytes([["h"], [value, 5, None]])))
    cells = [c.value for c in book.active[2]]
    assert cells[0].startswith("'") and cells[0][1:].strip() == value.strip() and cells[1] == 5
    multi = openpyxl.load_workbook(io.BytesIO(ss.workbook([("S", ["h"], [[value]])])))
    assert multi["S"]["A2"].value.startswith("'")
    rows = list(csv.reader(io.StringIO(ss.csv_text(["h"], [[value, -3]]))))
    assert rows[1][0] == "'" + value and rows[1][1] == "-3"  # numbers pass unchanged
    assert ss.csv_bytes(["h"], []).startswith("\ufeff".encode())
