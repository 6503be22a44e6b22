"""Checks on what editors upload or type: ad images (by content, not name) and ad links."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, "SITEOPS", {}).get(name, default))


def max_image_bytes() -> int:
    return _limit("MERCH_IMAGE_MAX_BYTES", 2 * 1024 * 1024)


def max_image_pixels() -> int:
    return _limit("MERCH_IMAGE_MAX_PIXELS", 4096 * 4096)


def validate_ad_image(file) -> str:
    """Open the upload with Pillow and check format, size in bytes and pixels; return the format.

    The file name and the browser's content type are not trusted: a renamed PDF is refused.
    """
    from PIL import Image, UnidentifiedImageError

    if file is None:
        raise ValidationError(_("Choose an image to upload."), code="required")
    size = getattr(file, "size", None)
    if size is not None and size > max_image_bytes():
        raise ValidationError(
            _("The image is %(size)s KB; the limit is %(limit)s KB.")
            % {"size": size // 1024, "limit": max_image_bytes() // 1024},
            code="too_big",
        )
    pos = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as img:
            fmt = img.format
            width, height = img.size
            if width * height > max_image_pixels():
                raise ValidationError(
                    _("The image is %(w)s×%(h)s pixels; at most %(limit)s pixels are allowed.")
                    % {"w": width, "h": height, "limit": max_image_pixels()},
                    code="too_many_pixels",
                )
            img.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a picture we can use. Upload a JPEG, PNG, WebP or GIF image."),
            code="not_an_image",
        ) from None
    finally:
        file.seek(pos)
    if fmt not in IMAGE_FORMATS:
        raise ValidationError(
            _("Images in %(format)s format are not accepted. Use JPEG, PNG, WebP or GIF.")
            % {"format": fmt},
            code="bad_format",
        )
    return fmt


def validate_ad_link(value: str) -> None:
    """An ad link is an absolute http(s) URL or a path on this site (never //host or javascript:)."""
    if not value:
        return
    bad = ValidationError(
        _("Enter an http:// or https:// address, or a path on this site starting with /."),
        code="bad_link",
    )
    if any(ch in value for ch in "\r\n\t\\") or value != value.strip():
        raise bad
    if value.startswith("/"):
        if value.startswith("//"):
            raise bad
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise bad
