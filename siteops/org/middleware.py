"""One staffing snapshot per reading request (issue #20)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject, empty

from .selectors import one_snapshot_per_request

READING = frozenset({"GET", "HEAD"})


class OneSnapshotPerRequestMiddleware:
    """A GET or HEAD request reads the organisation version once: the view, the menu's entries,
    the context processors and the workbench's sections share the snapshot its first
    ``Staffing.current()`` took (each read it again before: four reads on the workbench). A
    request that may change the organisation (POST …) reads it afresh every time, so it sees
    its own change. The version comes with the request's user where it was read with it
    (``PositionBackend.get_user``): no query of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READING:
            return self.get_response(request)
        with one_snapshot_per_request(lambda: _version_read_with_user(request)):
            return self.get_response(request)


def _version_read_with_user(request):
    """The organisation version read with this request's user, if the user has been read (a
    shop page that asks for staffing does not read its visitor for it), else None."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return getattr(user, "siteops_org_version", None)
