"""Checks for uploaded files that every app shares.

The spreadsheet guard (zip bombs, XXE, wrong type behind ``.xlsx``) lives in
:mod:`siteops.core.spreadsheets`, the one module that reads and writes spreadsheets; it is named
here too for the callers that check an office archive that is not read as a sheet.
"""

from __future__ import annotations

from .spreadsheets import MAX_RATIO, MAX_UNCOMPRESSED, check_office_archive

__all__ = ["MAX_RATIO", "MAX_UNCOMPRESSED", "check_office_archive"]
