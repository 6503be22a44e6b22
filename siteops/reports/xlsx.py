"""Spreadsheet output of reports: the one implementation is :mod:`siteops.core.spreadsheets`.

Kept as a name for the report code that imports it (formula-safe cells, XLSX workbooks, CSV).
"""

from __future__ import annotations

from siteops.core.spreadsheets import csv_text, neutralise, workbook

safe_cell = neutralise

__all__ = ["csv_text", "safe_cell", "workbook"]
