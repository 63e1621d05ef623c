"""A workbook as a download: written into a temporary file, streamed, gone when the response closes."""

import tempfile

from django.http import FileResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def written_workbook(write):
    """A temporary file holding the workbook `write(output)` writes, rewound; deleted once closed."""
    # Not a context manager: the response streams the file and closes (and so deletes) it.
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        write(output)
        output.seek(0)
    except BaseException:
        output.close()
        raise
    return output


def workbook_response(file, *, filename: str) -> FileResponse:
    """An open workbook file to download as `filename` (the response closes it)."""
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)
