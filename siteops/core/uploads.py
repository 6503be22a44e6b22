"""Checks for uploaded files that every app shares: spreadsheets are zip archives, and a zip can
be a decompression bomb (a few KB that inflate to gigabytes of XML).

Call :func:`check_office_archive` on an uploaded ``.xlsx`` before handing it to openpyxl or
calamine; it reads only the archive's directory (no decompression) and refuses archives whose
members would inflate beyond a limit or by a suspicious ratio, or that are not zip files at all
(a CSV or an executable renamed ``.xlsx``).
"""

from __future__ import annotations

import zipfile
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, bytes
MAX_RATIO = 200  # uncompressed / compressed, for members larger than 1 MiB
MAX_MEMBERS = 10_000


def check_office_archive(upload, *, max_uncompressed: int = MAX_UNCOMPRESSED,
                         max_ratio: int = MAX_RATIO) -> None:  # fmt: skip
    """Raise ``ValidationError`` (translated) unless ``upload`` is a reasonable OOXML zip."""
    pos = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        if not zipfile.is_zipfile(upload):
            raise ValidationError(
                _("This file is not an Excel workbook (.xlsx), whatever its name says."),
                code="not_xlsx",
            )
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names:
                raise ValidationError(
                    _("This file is not an Excel workbook (.xlsx), whatever its name says."),
                    code="not_xlsx",
                )
            total = sum(m.file_size for m in members)
            bomb = len(members) > MAX_MEMBERS or total > max_uncompressed or any(
                m.file_size > 1024 * 1024 and m.file_size > max_ratio * max(m.compress_size, 1)
                for m in members
            )  # fmt: skip
            if bomb:
                raise ValidationError(
                    _(
                        "This workbook would expand to %(mb)s MB when opened; the limit is "
                        "%(limit)s MB. Split it into smaller files."
                    )  # fmt: skip
                    % {"mb": total // (1024 * 1024), "limit": max_uncompressed // (1024 * 1024)},
                    code="too_big_unpacked",
                )
    except zipfile.BadZipFile:
        raise ValidationError(
            _("This file is damaged or not a spreadsheet."), code="damaged"
        ) from None
    finally:
        upload.seek(pos)


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
