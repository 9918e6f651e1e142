"""Limits on every number, text and upload the platform accepts, and the helpers that enforce them.

Input beyond these limits gets a 4xx that names the field (or row), never a 500 from the database
(SQLite integers are 64-bit, PostgreSQL ``integer`` columns 32-bit) or from a parser.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Annotated, Protocol

from pydantic import Field

from ic2permed.core.errors import MAX_REPORTED_ERRORS as MAX_REPORTED_ERRORS  # capped in DomainError itself
from ic2permed.core.errors import FieldError, PayloadTooLarge, ValidationFailed

MAX_COUNT = 2_000_000_000
"""Largest donor/sample/record count: fits a PostgreSQL ``integer`` and any real biobank."""

MAX_OFFSET = 1_000_000_000
"""Largest paging offset: far beyond any table we hold, far below any integer overflow."""

MAX_UPLOAD_BYTES = 5_000_000
"""Largest import file (CSV or XLSX) accepted over HTTP."""

MAX_CELL_CHARS = 100_000
"""Largest single CSV/XLSX cell read by an import; longer cells are reported, not parsed."""

Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]


def decode_utf8(content: bytes, field: str = "file") -> str:
    """The text of an uploaded file; bad bytes are refused with the row (line) they are on."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = content[: exc.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte {exc.start + 1}); save the file as UTF-8"
        raise ValidationFailed("The file is not UTF-8 text", [FieldError(field, message, row)]) from None


class CountedLines:
    """Feeds text to `csv.reader` line by line, counting, so a parse error can name its line."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text)
        self.count = 0

    def __iter__(self) -> CountedLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.count += 1
        return line


class Streaming(Protocol):
    def stream(self) -> AsyncIterator[bytes]: ...


async def read_body(request: Streaming, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """A request body of at most `limit` bytes, refused as soon as it grows past it."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"The file is larger than {limit / 1_000_000:g} MB.", [FieldError("file", f"larger than {limit} bytes")]
    )


class Readable(Protocol):
    async def read(self, size: int = -1) -> bytes: ...


async def read_upload(upload: Readable, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """Read at most `limit` bytes of an upload; a larger one is refused without reading it all."""
    content = await upload.read(limit + 1)
    if len(content) > limit:
        raise _too_large(limit)
    return content
