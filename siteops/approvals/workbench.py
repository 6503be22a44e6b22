"""The approvals' section of the workbench: what waits for my decision, with approve/reject."""

from django.utils.translation import gettext_lazy as _

from siteops.core import workbench


def _rows(request):
    from .selectors import waiting_for

    return waiting_for(request.user, limit=20)


def register_sections() -> None:
    workbench.register(
        workbench.Section(
            key="approvals",
            title=_("Approvals"),
            template="approvals/_workbench.html",
            rows=_rows,
            slot=workbench.REVIEW,
            order=10,
        )
    )
