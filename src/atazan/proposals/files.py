"""Attachments: the type is read from the content, never trusted from the name."""

from __future__ import annotations

import io
import zipfile
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from atazan.core.errors import InvalidInputError

PDF, DOCX, JPEG, PNG = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "image/jpeg",
    "image/png",
)
EXTENSIONS = {PDF: "pdf", DOCX: "docx", JPEG: "jpg", PNG: "png"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_FILES = 5


class InvalidAttachment(InvalidInputError):
    """The file is refused; the message says why."""

    code = "invalid_attachment"


def max_bytes() -> int:
    return int(getattr(settings, "ATAZAN_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_files() -> int:
    return int(getattr(settings, "ATAZAN_ATTACHMENT_MAX_FILES", DEFAULT_MAX_FILES))


def sniff(content: bytes) -> str | None:
    """The accepted type of ``content`` from its leading bytes, or None."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def read_checked(stream: IO[bytes], name: str) -> tuple[bytes, str]:
    """The file's bytes and type, or InvalidAttachment (too large, empty or not accepted)."""
    limit = max_bytes()
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise InvalidAttachment(
            _("%(name)s is larger than %(limit)d MB")
            % {"name": name, "limit": limit // (1024 * 1024)}
        )
    if not content:
        raise InvalidAttachment(_("%(name)s is empty") % {"name": name})
    content_type = sniff(content)
    if content_type is None:
        raise InvalidAttachment(
            _("%(name)s is not a PDF, DOCX, JPEG or PNG file (checked from its content)")
            % {"name": name}
        )
    return content, content_type
