"""Importing findings from an Excel workbook: reading and checking the file, nothing saved here.

`columns.py` says which columns and sheets a workbook to import may have (the template's
and the declaration workbook's finding sheets), recognized by their headers in either
language; `reading.py` opens an uploaded `.xlsx` safely and yields its data rows;
`validation.py` checks every row against the cycle's framework (a `Catalog`) and gives
the rows to save or the errors, each with its sheet, row and column; `template.py`
writes the template workbook to download. No HTTP and no database: the service
(`services/imports.py`) loads the catalog, calls these and saves through the finding
service.
"""
