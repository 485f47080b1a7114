"""Serving a stored file with HTTP range requests (RFC 9110 §14), so that a
video player can seek without downloading the whole file.

Django's ``FileResponse`` ignores ``Range``; no maintained Django helper
does it for storage files (whitenoise does it for static files only), so this
small one answers a single ``bytes=`` range with 206 and ``Content-Range``,
an unsatisfiable one with 416, and anything else (several ranges, bad
syntax) with the whole file, as RFC 9110 allows.
"""

import re

from django.http import FileResponse, HttpResponse

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def parse_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """``(first, last)`` inclusive; None to send everything; False if unsatisfiable."""
    match = _RANGE.match((header or "").strip())
    if not match or not (match.group(1) or match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if first == "":  # suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return False
    return start, end


def _chunks(handle, start: int, length: int):
    handle.seek(start)
    remaining = length
    try:
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def ranged_file_response(request, field_file, *, content_type: str):
    size = field_file.size
    wanted = parse_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = FileResponse(field_file.open("rb"), content_type=content_type)
    else:
        first, last = wanted
        length = last - first + 1
        from django.http import StreamingHttpResponse

        response = StreamingHttpResponse(
            _chunks(field_file.open("rb"), first, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
