"""Product pictures for the demo shop, drawn with Pillow at load time (nothing is downloaded).

Each category has one style — a background tint and a drawn silhouette (a phone, a kettle, a
sneaker …) — and each picture carries the product's brand, name and colour variant in the CJK
font the machine has (``fonts-noto-cjk``). Without such a font the picture keeps its drawing and
any Latin text, and leaves the Chinese out rather than drawing empty boxes.

Deterministic: the same product and variant give the same bytes (no randomness, no clock).
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

SIZE = 640

# Where Debian/Ubuntu (fonts-noto-cjk, fonts-wqy-*, fonts-droid) put a font with Chinese glyphs.
CJK_FONTS = {
    "bold": [
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Black.ttc", 2),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ],
    "regular": [
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-DemiLight.ttc", 2),
    ],
}
FALLBACK_CJK = [
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
]
LATIN_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
]


@lru_cache(maxsize=64)
def cjk_font(size: int, weight: str = "bold"):
    """A font with Chinese glyphs at ``size`` px, or None when the machine has none."""
    from PIL import ImageFont

    for path, index in CJK_FONTS.get(weight, []) + FALLBACK_CJK:
        try:
            return ImageFont.truetype(path, size, index=index)
        except OSError:
            continue
    return None


@lru_cache(maxsize=32)
def latin_font(size: int):
    from PIL import ImageFont

    for path in LATIN_FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def has_cjk_font() -> bool:
    return cjk_font(20) is not None


def _font_for(text: str, size: int, weight: str = "bold"):
    """The CJK font, or a Latin one for pure-ASCII text; None when the text cannot be drawn."""
    font = cjk_font(size, weight)
    if font is not None:
        return font
    return latin_font(size) if text.isascii() else None


def fit_text(draw, text: str, max_width: int, size: int, weight: str = "bold", min_size: int = 14):
    """The largest font (from ``size`` down) that fits ``text`` into ``max_width``, and the text
    (shortened with an ellipsis if even ``min_size`` is too wide); (None, text) without a font."""
    while size >= min_size:
        font = _font_for(text, size, weight)
        if font is None:
            return None, text
        if draw.textlength(text, font=font) <= max_width:
            return font, text
        size -= 2
    font = _font_for(text, min_size, weight)
    while text and draw.textlength(text + "…", font=font) > max_width:
        text = text[:-1]
    return font, text + "…"


def draw_text(draw, xy, text, max_width, size, fill, weight="bold", anchor="la", min_size=14):
    """Draw ``text`` fitted to ``max_width``; returns the height used (0 when not drawable)."""
    font, text = fit_text(draw, text, max_width, size, weight, min_size)
    if font is None or not text:
        return 0
    draw.text(xy, text, font=font, fill=fill, anchor=anchor)
    return font.size


def hex_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def shade(rgb, factor: float) -> tuple[int, int, int]:
    """Darker (factor < 1) or lighter (> 1, towards white) version of a colour."""
    if factor <= 1:
        return tuple(max(0, int(c * factor)) for c in rgb)
    t = min(1.0, factor - 1)
    return tuple(int(c + (255 - c) * t) for c in rgb)


def luminance(rgb) -> float:
    r, g, b = rgb
    return 0.299 * r + 0.587 * g + 0.114 * b


def gradient(size, top, bottom):
    """A vertical gradient image from ``top`` to ``bottom``."""
    from PIL import Image, ImageOps

    ramp = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(ramp, top, bottom)


# --- The variants' colours (the names Chinese shops use) -----------------------------------------

COLOURS = {
    "曜石黑": "#23262b", "幻夜黑": "#1d1f24", "黑色": "#22252a", "冰川白": "#eef1f4",
    "陶瓷白": "#f4f2ee", "珍珠白": "#f5f3ef", "白色": "#f2f2f0", "奶油白": "#f3ead8",
    "米白": "#efe6d6", "米色": "#e6d8bf", "天青蓝": "#7fb2d9", "晨雾蓝": "#9db8d0",
    "星光蓝": "#8aa9d6", "雾霾蓝": "#8ea3b8", "樱花粉": "#f2b8c6", "钛金灰": "#8d9096",
    "星云灰": "#8e939c", "深空灰": "#5b6068", "灰色": "#9a9ea3", "银色": "#c9ccd1",
    "藏青": "#23334f", "卡其": "#b79a6a", "燕麦色": "#d8c8a8", "酒红": "#7c1f2e",
    "黑红": "#2a1d1f", "荧光绿": "#9bd43a", "雅川青": "#4f8f86", "琥珀棕": "#9a5b2e",
    "薄荷绿": "#a7d8c2", "柠檬黄": "#f2d64b", "橙色": "#f08a24",
}  # fmt: skip

# Per top category: the background's two tints and the accent of the name band.
STYLES = {
    "digital": ("#f1f4f9", "#d5dfee", "#2f5fa8"),
    "appliances": ("#f2f7f5", "#d3e6de", "#1f7a5c"),
    "apparel": ("#faf4ed", "#ead9c6", "#9a4b2a"),
    "food": ("#fff7ea", "#fbdcb1", "#c0561b"),
}


# --- Silhouettes: each draws one kind of product into the box (x0, y0, x1, y1) ---------------


def _phone(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    bw, bh = w * 0.46, h * 0.92
    bx, by = x0 + (w - bw) / 2, y0 + (h - bh) / 2
    d.rounded_rectangle(
        [bx, by, bx + bw, by + bh], radius=bw * 0.16, fill=c, outline=shade(c, 0.7), width=4
    )
    edge = shade(c, 1.25) if luminance(c) < 128 else shade(c, 0.88)
    d.rounded_rectangle(
        [bx + 10, by + 10, bx + bw - 10, by + bh - 10], radius=bw * 0.13, outline=edge, width=2
    )
    # camera module
    m = bw * 0.42
    d.rounded_rectangle(
        [bx + 18, by + 18, bx + 18 + m, by + 18 + m * 1.1], radius=m * 0.25, fill=shade(c, 0.8)
    )
    for i, (fx, fy) in enumerate([(0.3, 0.3), (0.3, 0.75), (0.74, 0.3)]):
        cx, cy, r = bx + 18 + m * fx, by + 18 + m * 1.1 * fy, m * (0.17 if i < 2 else 0.1)
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill="#15171a", outline="#6b7079", width=3)
    d.ellipse(
        [bx + 18 + m * 0.66, by + 18 + m * 0.68, bx + 18 + m * 0.82, by + 18 + m * 0.84],
        fill="#fff3c4",
    )


def _tablet(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    bw, bh = w * 0.92, h * 0.66
    bx, by = x0 + (w - bw) / 2, y0 + (h - bh) / 2
    d.rounded_rectangle(
        [bx, by, bx + bw, by + bh], radius=26, fill=c, outline=shade(c, 0.7), width=4
    )
    d.rounded_rectangle([bx + 16, by + 16, bx + bw - 16, by + bh - 16], radius=14, fill="#1e2a3a")
    # a screen with a few app tiles
    tiles = ["#5b8def", "#f2a541", "#4cc38a", "#e5566d", "#9b6bdc", "#43b5c9"]
    tw = (bw - 32 - 70) / 6
    for i, col in enumerate(tiles):
        tx = bx + 30 + i * (tw + 10)
        d.rounded_rectangle([tx, by + bh * 0.55, tx + tw, by + bh * 0.55 + tw], radius=10, fill=col)
    d.rounded_rectangle(
        [bx + 30, by + 34, bx + bw * 0.55, by + bh * 0.45], radius=12, fill="#2f4a6b"
    )


def _headphones(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx = x0 + w / 2
    r = w * 0.36
    d.arc(
        [cx - r, y0 + h * 0.05, cx + r, y0 + h * 0.05 + 2 * r],
        180,
        360,
        fill=shade(c, 0.8),
        width=int(w * 0.07),
    )
    for side in (-1, 1):
        ex = cx + side * r
        d.rounded_rectangle([ex - w * 0.11, y0 + h * 0.42, ex + w * 0.11, y0 + h * 0.86], radius=w * 0.08,
                            fill=c, outline=shade(c, 0.65), width=4)  # fmt: skip
        d.rounded_rectangle([ex - w * 0.06, y0 + h * 0.48, ex + w * 0.06, y0 + h * 0.80], radius=w * 0.05,
                            fill=shade(c, 0.85))  # fmt: skip


def _watch(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx, cy = x0 + w / 2, y0 + h / 2
    sw = w * 0.3
    d.rounded_rectangle([cx - sw / 2, y0, cx + sw / 2, y1], radius=sw * 0.4, fill=shade(c, 0.85))
    for k in range(5):
        yy = y1 - 20 - k * 16
        d.ellipse([cx - 4, yy - 4, cx + 4, yy + 4], fill=shade(c, 0.6))
    r = w * 0.3
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=c, outline=shade(c, 0.6), width=6)
    r2 = r * 0.84
    d.ellipse([cx - r2, cy - r2, cx + r2, cy + r2], fill="#111418")
    for a in range(0, 360, 30):
        rad = math.radians(a)
        d.line([cx + math.cos(rad) * r2 * 0.85, cy + math.sin(rad) * r2 * 0.85,
                cx + math.cos(rad) * r2 * 0.95, cy + math.sin(rad) * r2 * 0.95], fill="#9fb4c8", width=3)  # fmt: skip
    d.line([cx, cy, cx + r2 * 0.45, cy - r2 * 0.3], fill="#ffffff", width=6)
    d.line([cx, cy, cx - r2 * 0.1, cy - r2 * 0.65], fill="#ffffff", width=4)
    d.ellipse([cx - 6, cy - 6, cx + 6, cy + 6], fill="#e85d4a")


def _pot(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    bx0, bx1 = x0 + w * 0.12, x1 - w * 0.12
    d.rounded_rectangle(
        [bx0, y0 + h * 0.3, bx1, y1 - h * 0.04],
        radius=w * 0.16,
        fill=c,
        outline=shade(c, 0.7),
        width=4,
    )
    d.chord(
        [bx0 + 6, y0 + h * 0.1, bx1 - 6, y0 + h * 0.5],
        180,
        360,
        fill=shade(c, 0.92),
        outline=shade(c, 0.7),
        width=4,
    )
    d.rounded_rectangle(
        [x0 + w * 0.42, y0 + h * 0.04, x0 + w * 0.58, y0 + h * 0.14], radius=10, fill=shade(c, 0.6)
    )
    # control panel
    px0, py0 = x0 + w * 0.3, y0 + h * 0.56
    d.rounded_rectangle([px0, py0, x1 - w * 0.3, py0 + h * 0.2], radius=14, fill="#1f2a33")
    d.text((px0 + 16, py0 + 10), "88:88", fill="#5be3a8", font=latin_font(int(h * 0.08)))
    d.ellipse([x1 - w * 0.3 - 40, py0 + 14, x1 - w * 0.3 - 14, py0 + 40], fill="#e8604c")


def _fan(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx, cy, r = x0 + w / 2, y0 + h * 0.38, w * 0.34
    d.rectangle([cx - 10, cy, cx + 10, y1 - h * 0.08], fill=shade(c, 0.8))
    d.ellipse(
        [cx - w * 0.25, y1 - h * 0.12, cx + w * 0.25, y1], fill=c, outline=shade(c, 0.7), width=4
    )
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=shade(c, 1.3), outline=shade(c, 0.65), width=8)
    for a in (0, 120, 240):
        d.pieslice(
            [cx - r * 0.85, cy - r * 0.85, cx + r * 0.85, cy + r * 0.85],
            a,
            a + 55,
            fill=shade(c, 0.82),
        )
    for k in range(1, 4):
        rr = r * k / 4
        d.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], outline=shade(c, 0.7), width=2)
    d.ellipse([cx - 18, cy - 18, cx + 18, cy + 18], fill=shade(c, 0.6))


def _dryer(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx, cy, r = x0 + w * 0.38, y0 + h * 0.32, w * 0.24
    d.polygon([(cx + w * 0.1, y0 + h * 0.4), (cx + w * 0.24, y0 + h * 0.4), (cx + w * 0.3, y1 - h * 0.02),
               (cx + w * 0.12, y1 - h * 0.02)], fill=c, outline=shade(c, 0.7))  # fmt: skip
    d.rounded_rectangle(
        [cx, cy - r * 0.55, x1 - w * 0.06, cy + r * 0.55],
        radius=r * 0.4,
        fill=c,
        outline=shade(c, 0.7),
        width=4,
    )
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=c, outline=shade(c, 0.7), width=4)
    d.ellipse([cx - r * 0.6, cy - r * 0.6, cx + r * 0.6, cy + r * 0.6], fill=shade(c, 0.8))
    d.rounded_rectangle(
        [x1 - w * 0.1, cy - r * 0.45, x1 - w * 0.04, cy + r * 0.45], radius=8, fill=shade(c, 0.6)
    )


def _shirt(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    p = lambda fx, fy: (x0 + w * fx, y0 + h * fy)  # noqa: E731
    d.polygon([p(0.36, 0.04), p(0.04, 0.2), p(0.12, 0.44), p(0.24, 0.38), p(0.24, 0.96), p(0.76, 0.96),
               p(0.76, 0.38), p(0.88, 0.44), p(0.96, 0.2), p(0.64, 0.04), p(0.5, 0.14)],
              fill=c, outline=shade(c, 0.7))  # fmt: skip
    d.line([p(0.5, 0.14), p(0.5, 0.96)], fill=shade(c, 0.75), width=4)
    for k in range(4):
        yy = 0.3 + k * 0.16
        d.ellipse(
            [x0 + w * 0.53, y0 + h * yy, x0 + w * 0.53 + 12, y0 + h * yy + 12], fill=shade(c, 0.65)
        )
    d.line([p(0.24, 0.38), p(0.24, 0.96)], fill=shade(c, 0.8), width=2)


def _dress(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    p = lambda fx, fy: (x0 + w * fx, y0 + h * fy)  # noqa: E731
    d.polygon([p(0.36, 0.02), p(0.42, 0.02), p(0.5, 0.1), p(0.58, 0.02), p(0.64, 0.02), p(0.68, 0.36),
               p(0.62, 0.42), p(0.9, 0.98), p(0.1, 0.98), p(0.38, 0.42), p(0.32, 0.36)],
              fill=c, outline=shade(c, 0.7))  # fmt: skip
    d.rectangle([x0 + w * 0.37, y0 + h * 0.4, x0 + w * 0.63, y0 + h * 0.45], fill=shade(c, 0.75))
    for k in range(1, 5):
        d.line([p(0.5, 0.47), p(0.5 + (k - 2.5) * 0.14, 0.97)], fill=shade(c, 0.85), width=3)


def _sneaker(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    p = lambda fx, fy: (x0 + w * fx, y0 + h * fy)  # noqa: E731
    d.polygon([p(0.06, 0.44), p(0.3, 0.38), p(0.44, 0.26), p(0.58, 0.3), p(0.7, 0.5), p(0.94, 0.6),
               p(0.96, 0.74), p(0.04, 0.74)], fill=c, outline=shade(c, 0.65))  # fmt: skip
    d.rounded_rectangle([x0 + w * 0.02, y0 + h * 0.72, x0 + w * 0.98, y0 + h * 0.84], radius=14,
                        fill="#f7f7f5", outline="#b9b9b4", width=3)  # fmt: skip
    stripe = "#e5443b" if luminance(c) > 140 else "#f5f5f5"
    d.line([p(0.2, 0.66), p(0.46, 0.42), p(0.62, 0.66)], fill=stripe, width=10)
    for k in range(4):
        d.line(
            [p(0.46 + k * 0.035, 0.32 + k * 0.04), p(0.52 + k * 0.035, 0.3 + k * 0.04)],
            fill="#ffffff",
            width=5,
        )


def _pouch(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    bx0, bx1 = x0 + w * 0.18, x1 - w * 0.18
    d.rounded_rectangle(
        [bx0, y0 + h * 0.1, bx1, y1], radius=30, fill=c, outline=shade(c, 0.7), width=4
    )
    d.rectangle([bx0, y0 + h * 0.06, bx1, y0 + h * 0.14], fill=shade(c, 0.8))
    for k in range(int((bx1 - bx0) // 14)):
        d.line(
            [bx0 + 7 + k * 14, y0 + h * 0.06, bx0 + 7 + k * 14, y0 + h * 0.14],
            fill=shade(c, 0.6),
            width=2,
        )
    cx, cy, r = x0 + w / 2, y0 + h * 0.58, w * 0.2
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill="#fff8ec", outline=shade(c, 0.7), width=4)
    for fx, fy in [
        (-0.4, -0.3),
        (0.3, -0.35),
        (0, 0.05),
        (-0.35, 0.35),
        (0.38, 0.3),
        (0.02, -0.55),
        (0.05, 0.55),
    ]:
        nx, ny = cx + fx * r, cy + fy * r
        d.ellipse([nx - 17, ny - 12, nx + 17, ny + 12], fill="#c98b4b", outline="#8d5a2b", width=2)


def _tin(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    bx0, bx1 = x0 + w * 0.24, x1 - w * 0.24
    d.rectangle([bx0, y0 + h * 0.12, bx1, y1 - h * 0.06], fill=c)
    d.ellipse([bx0, y1 - h * 0.12, bx1, y1], fill=c, outline=shade(c, 0.7), width=3)
    d.rectangle([bx0 - 6, y0 + h * 0.04, bx1 + 6, y0 + h * 0.16], fill=shade(c, 0.7))
    d.ellipse([bx0 - 6, y0, bx1 + 6, y0 + h * 0.08], fill=shade(c, 0.85))
    d.rectangle([bx0, y0 + h * 0.38, bx1, y0 + h * 0.66], fill="#fbf6ea")
    cx, cy = x0 + w / 2, y0 + h * 0.52
    d.ellipse([cx - 44, cy - 22, cx + 44, cy + 22], fill="#4f8f3a")
    d.line([cx - 40, cy + 10, cx + 36, cy - 8], fill="#2f5e22", width=4)


def _fruit(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    for fx, fy, fr in [(0.32, 0.62, 0.22), (0.66, 0.64, 0.21), (0.5, 0.4, 0.26)]:
        cx, cy, r = x0 + w * fx, y0 + h * fy, w * fr
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=c, outline=shade(c, 0.75), width=4)
        d.ellipse([cx - r * 0.55, cy - r * 0.6, cx - r * 0.15, cy - r * 0.3], fill=shade(c, 1.35))
    cx, cy = x0 + w * 0.5, y0 + h * 0.14
    d.line([cx, cy + 20, cx + 6, cy - 8], fill="#6b4a2b", width=6)
    d.ellipse([cx + 4, cy - 20, cx + 60, cy + 6], fill="#4f9a3a")


def _coat(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    p = lambda fx, fy: (x0 + w * fx, y0 + h * fy)  # noqa: E731
    d.polygon([p(0.36, 0.03), p(0.14, 0.12), p(0.04, 0.86), p(0.16, 0.88), p(0.24, 0.36), p(0.24, 0.98),
               p(0.76, 0.98), p(0.76, 0.36), p(0.84, 0.88), p(0.96, 0.86), p(0.86, 0.12), p(0.64, 0.03),
               p(0.5, 0.12)], fill=c, outline=shade(c, 0.65))  # fmt: skip
    for k in range(1, 6):  # quilted down
        d.line([p(0.24, 0.16 * k + 0.02), p(0.76, 0.16 * k + 0.02)], fill=shade(c, 0.8), width=3)
    d.line([p(0.5, 0.12), p(0.5, 0.98)], fill=shade(c, 0.6), width=5)
    d.polygon(
        [p(0.36, 0.03), p(0.5, 0.12), p(0.64, 0.03), p(0.6, 0.0), p(0.4, 0.0)], fill=shade(c, 0.8)
    )


def _trousers(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    p = lambda fx, fy: (x0 + w * fx, y0 + h * fy)  # noqa: E731
    d.polygon([p(0.24, 0.02), p(0.76, 0.02), p(0.82, 0.98), p(0.56, 0.98), p(0.5, 0.3), p(0.44, 0.98),
               p(0.18, 0.98)], fill=c, outline=shade(c, 0.65))  # fmt: skip
    d.rectangle([x0 + w * 0.24, y0 + h * 0.02, x0 + w * 0.76, y0 + h * 0.09], fill=shade(c, 0.8))
    d.line([p(0.36, 0.12), p(0.32, 0.3)], fill=shade(c, 0.7), width=3)
    d.line([p(0.64, 0.12), p(0.68, 0.3)], fill=shade(c, 0.7), width=3)


def _toothbrush(d, box, c):
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx = x0 + w / 2
    d.rounded_rectangle(
        [cx - w * 0.09, y0 + h * 0.28, cx + w * 0.09, y1],
        radius=w * 0.08,
        fill=c,
        outline=shade(c, 0.7),
        width=4,
    )
    d.rounded_rectangle(
        [cx - w * 0.035, y0 + h * 0.06, cx + w * 0.035, y0 + h * 0.32],
        radius=10,
        fill=shade(c, 0.92),
    )
    d.rounded_rectangle([cx - w * 0.06, y0, cx + w * 0.06, y0 + h * 0.1], radius=8, fill="#7cc4f0")
    d.ellipse([cx - 14, y0 + h * 0.5, cx + 14, y0 + h * 0.5 + 28], fill=shade(c, 0.6))
    for k in range(3):
        d.ellipse(
            [cx - 5, y0 + h * 0.62 + k * 22, cx + 5, y0 + h * 0.62 + k * 22 + 10],
            fill="#5be3a8" if k == 0 else shade(c, 0.75),
        )


SILHOUETTES = {
    "phone": _phone, "tablet": _tablet, "headphones": _headphones, "watch": _watch, "pot": _pot,
    "fan": _fan, "dryer": _dryer, "shirt": _shirt, "dress": _dress, "sneaker": _sneaker,
    "pouch": _pouch, "tin": _tin, "fruit": _fruit, "coat": _coat, "trousers": _trousers,
    "toothbrush": _toothbrush,
}  # fmt: skip


@lru_cache(maxsize=8)
def _background(style: str, size: int):
    """The category's backdrop: its gradient, a soft disc and the product's shadow (drawn once)."""
    from PIL import ImageDraw

    top, bottom, _accent = (hex_rgb(v) for v in STYLES[style])
    img = gradient((size, size), top, bottom)
    d = ImageDraw.Draw(img)
    r, cx, cy = size * 0.34, size / 2, size * 0.4
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=shade(bottom, 1.35))
    d.ellipse([size * 0.26, size * 0.68, size * 0.74, size * 0.73], fill=shade(bottom, 0.85))
    return img


def product_picture(*, style: str, icon: str, colour: str, brand: str, name: str, variant: str,
                    badge: str = "", size: int = SIZE) -> bytes:  # fmt: skip
    """A square JPEG of one product variant: the category's background, the product's silhouette
    in the variant's colour, and a band with the brand, the name and the variant."""
    from PIL import ImageDraw

    accent = hex_rgb(STYLES[style][2])
    img = _background(style, size).copy()
    d = ImageDraw.Draw(img)
    fill = hex_rgb(COLOURS.get(colour, colour if colour.startswith("#") else "#8d9096"))
    pad = size * 0.16
    SILHOUETTES[icon](d, (pad, size * 0.07, size - pad, size * 0.7), fill)
    # the name band
    band_top = size * 0.76
    d.rounded_rectangle(
        [size * 0.05, band_top, size * 0.95, size * 0.96], radius=22, fill="#ffffff"
    )
    d.rectangle([size * 0.05, band_top + 18, size * 0.05 + 8, size * 0.96 - 18], fill=accent)
    left, width = size * 0.05 + 26, size * 0.9 - 44
    draw_text(d, (left, band_top + 14), brand, width, int(size * 0.035), accent, "bold")
    draw_text(
        d, (left, band_top + 14 + size * 0.045), name, width, int(size * 0.05), "#1f2328", "bold"
    )
    draw_text(
        d,
        (left, band_top + 14 + size * 0.115),
        variant,
        width,
        int(size * 0.032),
        "#5f6670",
        "regular",
    )
    if badge:
        font, text = fit_text(d, badge, size * 0.3, int(size * 0.034))
        if font is not None:
            tw = d.textlength(text, font=font)
            d.rounded_rectangle(
                [size - tw - 58, 26, size - 26, 26 + font.size + 18], radius=16, fill="#e5443b"
            )
            d.text((size - tw - 42, 35), text, font=font, fill="#ffffff")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=86, optimize=False)
    return out.getvalue()
