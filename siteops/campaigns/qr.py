"""QR codes for the door (a registration's check-in code) and for print (a short link), as inline
SVG: segno is pure Python with no dependencies, so no image library is involved."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def svg(data: str, *, scale: int = 4) -> SafeString:
    """An inline <svg> of ``data`` (error correction M, a quiet zone of 2 modules)."""
    code = segno.make(data, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=scale, border=2, omitsize=False))  # noqa: S308 (segno's own markup)


def png(data: str, *, scale: int = 8) -> bytes:
    """The same as PNG bytes (segno writes PNG without Pillow), for printed material."""
    import io

    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
