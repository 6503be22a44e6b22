"""One staffing snapshot per reading request (issue #20)."""

from __future__ import annotations

from .selectors import one_snapshot_per_request

READING = frozenset({"GET", "HEAD"})


class OneSnapshotPerRequestMiddleware:
    """A GET or HEAD request reads the organisation version once: the view, the menu's entries,
    the context processors and the workbench's sections share the snapshot its first
    ``Staffing.current()`` took (each read it again before: four reads on the workbench). A
    request that may change the organisation (POST …) reads it afresh every time, so it sees
    its own change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READING:
            return self.get_response(request)
        with one_snapshot_per_request():
            return self.get_response(request)
