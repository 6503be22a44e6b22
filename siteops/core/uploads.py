"""Checks for uploaded files that every app shares.

The spreadsheet guard (zip bombs, XXE, wrong type behind ``.xlsx``) lives in
:mod:`siteops.core.spreadsheets`, the one module that reads and writes spreadsheets; it is named
here too for the callers that check an office archive that is not read as a sheet.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .spreadsheets import MAX_RATIO, MAX_UNCOMPRESSED, check_office_archive

__all__ = [
    "MAX_RATIO",
    "MAX_UNCOMPRESSED",
    "check_office_archive",
    "files_or_nothing",
    "storage_error",
]


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
