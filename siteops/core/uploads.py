"""What every app shares for uploaded files: the names they are stored under, and the checks.

**Stored names are generated.** A file a person uploads is never stored under the name it came
with: ``evil.html`` that is really a PNG is stored as ``<32 random hex digits>.png`` — the
extension of the type *detected from its content* (:func:`detected_extension`), so a web server
that serves ``/media/`` by extension never serves an upload as HTML or script. This holds for
every ``FileField``/``ImageField`` of every installed model without the model saying so:
:func:`install` (run by ``siteops.core`` at start-up) gives each such field a ``FieldFile`` class
whose ``save`` replaces the name of uploaded content (``UploadedFile``: forms, the admin, the
API) before the field's ``upload_to`` puts it in its folder. Files the code itself produces
(a report's workbook, a thumbnail) keep the name the code gave them.

**Spreadsheets are zip archives**, and a zip can be a decompression bomb (a few KB that inflate to
gigabytes of XML). Call :func:`check_office_archive` on an uploaded ``.xlsx`` before handing it to
openpyxl or calamine; it reads only the archive's directory (no decompression) and refuses
archives whose members would inflate beyond a limit or by a suspicious ratio, or that are not zip
files at all (a CSV or an executable renamed ``.xlsx``).
"""

from __future__ import annotations

import posixpath
import secrets
import zipfile
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile, FileField, ImageFieldFile
from django.utils.translation import gettext as _

# The archive check lives with the spreadsheet reader (siteops.core.spreadsheets); re-exported here
# for the callers that check an upload before anything reads it.
from .spreadsheets import MAX_RATIO, MAX_UNCOMPRESSED, check_office_archive  # noqa: E402,F401

# --- generated stored names ---------------------------------------------------------------------

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
]
_OOXML = [("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")]


def _read_head(content, n: int = 4096) -> bytes:
    pos = content.tell() if hasattr(content, "tell") else None
    try:
        content.seek(0)
        head = content.read(n)
    finally:
        if pos is not None:
            content.seek(pos)
    return head if isinstance(head, bytes) else str(head).encode()


def _zip_kind(content) -> str:
    pos = content.tell()
    try:
        content.seek(0)
        with zipfile.ZipFile(content) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    finally:
        content.seek(pos)
    if "[Content_Types].xml" in names:
        for prefix, ext in _OOXML:
            if any(n.startswith(prefix) for n in names):
                return ext
    return "zip"


def detected_extension(content, original_name: str = "") -> str:
    """The extension of the type the content *is*: png, jpg, gif, webp, pdf, xlsx, docx, pptx,
    zip, csv / txt for text (csv only when it was called .csv), else bin. The name's own
    extension never decides anything but csv-versus-txt, both served as plain text."""
    head = _read_head(content)
    for magic, ext in _MAGIC:
        if head.startswith(magic):
            return ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(content)
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
            is_text = True
        except UnicodeDecodeError as exc:
            is_text = exc.start >= len(head) - 3  # a character cut at the end of the sample
        if is_text:
            return "csv" if original_name.lower().endswith(".csv") else "txt"
    return "bin"


def generated_name(content, original_name: str = "") -> str:
    """``<random>.<detected extension>``: the stored name of an uploaded file."""
    return f"{secrets.token_hex(16)}.{detected_extension(content, original_name)}"


class _GeneratedNameMixin:
    def save(self, name, content, save=True):
        if isinstance(content, UploadedFile):
            name = generated_name(content, posixpath.basename(name or content.name or ""))
        super().save(name, content, save)


class GeneratedNameFieldFile(_GeneratedNameMixin, FieldFile):
    """A FileField's file whose uploaded content is stored under a generated name."""


class GeneratedNameImageFieldFile(_GeneratedNameMixin, ImageFieldFile):
    """An ImageField's file whose uploaded content is stored under a generated name."""


def _safe_class(field_class):
    if issubclass(field_class, _GeneratedNameMixin):
        return field_class
    if issubclass(field_class, ImageFieldFile):
        base = GeneratedNameImageFieldFile if field_class is ImageFieldFile else None
    else:
        base = GeneratedNameFieldFile if field_class is FieldFile else None
    if base is not None:
        return base
    return type(f"GeneratedName{field_class.__name__}", (_GeneratedNameMixin, field_class), {})


def install() -> int:
    """Give every FileField of every installed model the generated-name file class.

    Returns how many fields it covered (the tests check that none is left out)."""
    from django.apps import apps

    count = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if isinstance(field, FileField):
                field.attr_class = _safe_class(field.attr_class)
                count += 1
    return count


def storage_error() -> ValidationError:
    return ValidationError(
        _(
            "The file could not be stored: the media store is not available (read-only or "
            "full). Nothing was saved; try again later or tell IT."
        ),
        code="storage_unavailable",
    )


@contextmanager
def files_or_nothing():
    """Write files for one record so that either the record and all its files exist, or none.

    Prepare every file's content (validation, thumbnails) *before* entering; inside, save each
    file with ``put(fieldfile, name, content)`` and then the row. If anything fails — the store
    refuses a write (``OSError``: read-only, full) or the row cannot be saved — the files already
    written are removed, and a storage failure becomes a translated ``ValidationError`` instead
    of a 500. Use it inside the service's transaction, as its last step.
    """
    written: list[tuple] = []

    def put(fieldfile, name, content):
        fieldfile.save(name, content, save=False)
        written.append((fieldfile.storage, fieldfile.name))

    try:
        yield put
    except BaseException as exc:
        for storage, name in written:
            try:
                storage.delete(name)
            except OSError:  # pragma: no cover - the store is down; nothing more we can do
                pass
        if isinstance(exc, OSError):
            raise storage_error() from exc
        raise
