"""Declaration workbooks for the national award (DESIGN §2 «Declaration»).

`columns.py` maps each sheet's columns, `rows.py` streams each sheet's rows from the
database, `writer.py` writes them with openpyxl's write-only mode, and `declarations.py`
puts a unit's or the programme's workbook together behind the access layer.
"""
