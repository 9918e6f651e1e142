"""Attachment rules: size and type limits, checksums, storage outside the database, safe download names."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ic2permed.core.errors import FieldError, ValidationFailed

MAX_BYTES = 4 * 1024 * 1024  # below the platform-wide request limit (core.bounds), so this clearer 422 is reached
# Extension -> (content type, leading bytes the file must start with; None = text checked as UTF-8).
TYPES: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
}


def _bad(message: str) -> ValidationFailed:
    return ValidationFailed("Attachment refused", [FieldError("file", message)])


def safe_name(filename: str) -> str:
    base = Path(filename.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ()\u4e00-\u9fff]", "_", base).strip(" .") or "attachment"
    return cleaned[:200]


def check(filename: str, data: bytes) -> tuple[str, str, str]:
    """Return (safe name, content type, sha256) or refuse: empty, too large, type not allowed or not what it says."""
    name = safe_name(filename)
    extension = Path(name).suffix.lower()
    if extension not in TYPES:
        raise _bad(f"type {extension or '(none)'} is not allowed; use {', '.join(sorted(TYPES))}")
    if not data:
        raise _bad("the file is empty")
    if len(data) > MAX_BYTES:
        raise _bad(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    content_type, magic = TYPES[extension]
    if magic is not None and not data.startswith(magic):
        raise _bad(f"the content is not a {extension} file")
    if magic is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise _bad("a text file must be UTF-8") from None
    return name, content_type, hashlib.sha256(data).hexdigest()


def store(directory: Path, sha256: str, data: bytes) -> Path:
    """Write the bytes under their checksum (identical files are stored once)."""
    path = directory / sha256[:2] / sha256
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def read(directory: Path, sha256: str) -> bytes:
    data = (directory / sha256[:2] / sha256).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError("stored attachment does not match its checksum")
    return data
