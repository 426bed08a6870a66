"""Where attachments are kept: outside the web root, served only through a checked view."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class AttachmentStorage(FileSystemStorage):
    """Files under ATAZAN_ATTACHMENT_ROOT (default: DATA_DIR/attachments), read at use time."""

    @property
    def base_location(self) -> str:
        root = getattr(settings, "ATAZAN_ATTACHMENT_ROOT", None) or (
            Path(settings.DATA_DIR) / "attachments"
        )
        return str(root)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


_storage = AttachmentStorage()


def attachment_storage() -> AttachmentStorage:
    return _storage
