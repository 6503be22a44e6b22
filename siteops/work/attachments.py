"""Attachment checks: the real type is sniffed from the first bytes, not taken from the name."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# extension -> MIME type we accept for it
ALLOWED = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".zip": "application/zip",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def max_bytes() -> int:
    return int(settings.SITEOPS.get("WORK_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    """The family of a file from its first bytes: pdf, png, jpeg, gif, webp, zip, text or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start < len(head) - 3:
                return None
        return "text"
    return None


FAMILY = {
    ".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif",
    ".webp": "webp", ".docx": "zip", ".xlsx": "zip", ".pptx": "zip", ".zip": "zip",
    ".txt": "text", ".csv": "text",
}  # fmt: skip


def check_upload(upload) -> str:
    """Return the MIME type to store, or raise ValidationError with a translated message."""
    limit = max_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in ALLOWED:
        raise ValidationError(
            _("Files of type %(ext)s are not accepted. Accepted: %(list)s.")
            % {"ext": ext or "?", "list": ", ".join(sorted(ALLOWED))}
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if sniff(head) != FAMILY[ext]:
        raise ValidationError(
            _("The content of %(name)s is not a %(ext)s file.") % {"name": upload.name, "ext": ext}
        )
    return ALLOWED[ext]
