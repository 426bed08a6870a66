"""Helpers shared by the proposals tests: valid identifiers, inputs, file contents."""

from __future__ import annotations

from typing import Any

from atazan.proposals.intake import Submission, clean_submission
from atazan_redact import make_identifier


def iin(first_eleven: str = "90010230012") -> str:
    """A valid IIN starting with (or near) ``first_eleven``."""
    value = int(first_eleven)
    while True:
        full = make_identifier(f"{value:011d}")
        if full:
            return full
        value += 1


def bin_(first_eleven: str = "05044000123") -> str:
    return iin(first_eleven)


VALID_IIN = iin()
VALID_BIN = bin_()


def raw_submission(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "submitter_type": "citizen",
        "submitter_name": "Айгерім Сәдуақасова",
        "iin": VALID_IIN,
        "region": "astana",
        "contact_email": "aigerim@example.kz",
        "contact_phone": "+7 701 123 45 67",
        "language": "kk",
        "topic": "parliament",
        "title": "Бір палаталы парламент туралы",
        "text": "Құрылтай туралы 50-бапты өзгертуді ұсынамын. Телефоным 8 701 123 45 67.",
        "consent_publish_text": True,
        "consent_publish_name": False,
    }
    data.update(overrides)
    return data


def submission(**overrides: Any) -> Submission:
    return clean_submission(raw_submission(**overrides))


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def docx_bytes() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


class FailingBackend:
    """An e-mail backend whose server always refuses."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("mail server refused the connection")
