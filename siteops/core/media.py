"""Staff-only media (e.g. the art editor's images for requested ads, not yet on the shop):
served to back-office users who hold the permission of its folder, through a checked view.

- ``SITEOPS["STAFF_MEDIA"]``: {folder prefix: [permissions, any of which allows]}.
- The default storage's ``url()`` points files under those prefixes at ``staff_media`` (under
  /backoffice/), so templates keep writing ``{{ obj.image.url }}``; everything else stays at
  MEDIA_URL (public media, served by ``core.views.public_media`` or the front web server — which
  must not serve the staff-only folders: docs/operations.md).
- The answer has the type of the file's extension (images inline, anything else as a download),
  ``X-Content-Type-Options: nosniff``, a sandboxing CSP and private caching.
"""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage, InMemoryStorage, default_storage
from django.http import FileResponse, Http404
from django.urls import reverse
from whitenoise.storage import CompressedManifestStaticFilesStorage

INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def staff_prefixes() -> dict[str, list[str]]:
    return dict(settings.SITEOPS.get("STAFF_MEDIA", {}))


def permissions_for(name: str) -> list[str] | None:
    """The permissions (any of) that open ``name``; None when it is not staff-only media."""
    for prefix, perms in staff_prefixes().items():
        if name.startswith(prefix):
            return list(perms)
    return None


class StaffMediaURLs:
    """Storage mixin: staff-only files get the checked view's URL."""

    def url(self, name):
        if name and permissions_for(str(name).replace("\\", "/")) is not None:
            return reverse("staff_media", kwargs={"path": str(name).replace("\\", "/")})
        return super().url(name)


class SiteMediaStorage(StaffMediaURLs, FileSystemStorage):
    """The site's default storage on local disk."""


class SiteMemoryStorage(StaffMediaURLs, InMemoryStorage):
    """The same in memory (tests)."""


def _safe(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and not (
        path.startswith("/") or "\\" in path or "\x00" in path or ".." in parts or "" in parts
    )


def staff_media(request, path: str):
    from siteops.core.admin_site import has_backoffice_access

    user = request.user
    perms = permissions_for(path)
    if perms is None or not _safe(path):
        raise Http404
    if not has_backoffice_access(user):
        raise Http404  # nothing about the file to someone outside the back office
    if not (user.is_superuser or any(user.has_perm(p) for p in perms)):
        raise PermissionDenied
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    guessed, _enc = mimetypes.guess_type(path)
    inline = guessed in INLINE_TYPES
    response = FileResponse(
        handle,
        content_type=guessed if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=path.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


class SiteStaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed static files, with each file's URL worked out once.

    ``{% static %}`` asks the storage for a URL about fifteen times a page (≈ 115 Python calls
    each: the manifest lookup, ``urljoin``, quoting). The manifest does not change while a
    process runs (``collectstatic`` runs before the server starts), so with DEBUG off a URL is
    kept per name; with DEBUG on, or when ``force`` is asked, Django's own way is taken."""

    _kept_urls: dict[str, str]

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        kept = self.__dict__.setdefault("_kept_urls", {})
        url = kept.get(name)
        if url is None:
            url = super().url(name)
            if len(kept) < 4096:
                kept[name] = url
        return url
