"""Notices about work: a row in the back office and an email (sent after the commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .choices import NotificationKind
from .models import Notification, WorkItem


def notify(users, item: WorkItem, kind: str, message: str) -> list[Notification]:
    """Tell each of ``users`` (once each) about ``item``; email those with an address."""
    try:
        path = reverse("admin:work_item", args=[item.pk])
    except NoReverseMatch:
        path = f"#{item.pk}"
    return _notify(users, kind, message, title=item.title, path=path, item=item)


def notify_people(users, *, kind: str, message: str, title: str, link: str) -> list[Notification]:
    """The same notice about something that is not a work item (another app's page at ``link``)."""
    return _notify(users, kind, message, title=title, path=link, link=link[:300])


def _notify(users, kind, message, *, title, path, item=None, link="") -> list[Notification]:
    seen, rows = set(), []
    for u in users:
        if u is None or u.pk in seen or not u.is_active:
            continue
        seen.add(u.pk)
        rows.append(Notification(user=u, item=item, link=link, kind=kind, message=message[:300]))
    if not rows:
        return []
    Notification.objects.bulk_create(rows)
    recipients = sorted({u.email for u in users if u is not None and u.email and u.pk in seen})
    if recipients:
        label = NotificationKind(kind).label

        def send():
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("[SiteOps] %(kind)s: %(title)s") % {"kind": label, "title": title}
                # A header is one line: a line break typed into a title would make the mail
                # library refuse the message (after the data was saved). Collapse whitespace.
                subject = " ".join(subject.split())[:200]
                body = _("%(message)s\n\nOpen the item: %(path)s") % {
                    "message": message,
                    "path": path,
                }
            send_mail(subject, body, None, recipients, fail_silently=True)

        transaction.on_commit(send)
    return rows
