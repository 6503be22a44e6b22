"""Template filters of the work screens."""

import time
from html import escape

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..choices import Priority, WorkSource, WorkStatus

register = template.Library()

_NAMES: dict[str, tuple[str, str]] = {}
_LOADED = [0.0]


@register.filter
def position_name(code: str) -> str:
    """A position's name for its code (events and comments store the code): people read names,
    not codes such as ``PED``. The table is read once a minute per process."""
    if not code:
        return ""
    if time.monotonic() - _LOADED[0] > 60 or code not in _NAMES:
        from siteops.org.models import Position

        _NAMES.clear()
        _NAMES.update(
            (c, (zh, en))
            for c, zh, en in Position.objects.values_list("code", "name_zh", "name_en")
        )
        _LOADED[0] = time.monotonic()
    if code not in _NAMES:
        return code
    zh, en = _NAMES[code]
    return en if (get_language() or "").lower().startswith("en") and en else zh


# The item rows of the work screens (the workbench's sections, an item's sub-items, the
# requests page), rendered in Python: the same HTML as the template they replace (kept in
# ``tests/test_item_rows_render_like_the_template.py``), with the parts that are the same on
# every row — headings, labels, a position's name, the CSRF field, the "next" address — worked
# out once per table. Through the template engine each row cost ≈ 600 Python calls (issue #20).
_STATUS_BADGE = {s.value: s.badge for s in WorkStatus}
# The labels (lazy: the reader's language applies) of the model fields' choices.
_STATUS_LABELS = dict(WorkStatus.choices)
_PRIORITY_LABELS = dict(Priority.choices)
_SOURCE_LABELS = dict(WorkSource.choices)


def _date(value) -> str:
    return value.isoformat() if value else ""


def _url(name: str, *args) -> tuple[str, str]:
    """The parts of ``reverse(name, args=[pk, *args])`` before and after the pk."""
    from siteops.core.admin_base import pk_url  # it imports unfold's admin: not at load time

    before, after = pk_url(name, "\x00", *args).split("\x00")
    return before, after


_LABELS: dict = {}


def _labels(choices: dict) -> dict:
    """A field's choice labels, escaped, in the current language (worked out once per language
    and process: a page of six tables asked them twelve times). Treat as read-only."""
    key = (id(choices), get_language())
    found = _LABELS.get(key)
    if found is None:
        found = _LABELS[key] = {value: escape(str(label)) for value, label in choices.items()}
    return found


@register.simple_tag(takes_context=True)
def work_table(context, rows, quick=False):
    """``<table>`` of work items: number, title (and progress), status, priority, position,
    due date; with ``quick``, the start and complete buttons of open and running items."""
    today = context.get("today")
    esc = conditional_escape
    head = (
        f'<table class="so-table">\n  <thead><tr><th>#</th><th>{esc(_("Title"))}</th>'
        f"<th>{esc(_('Status'))}</th><th>{esc(_('Priority'))}</th>"
        f"<th>{esc(_('Position'))}</th><th>{esc(_('Due'))}</th><th></th></tr></thead>\n  <tbody>"
    )
    if not rows:
        return mark_safe(
            f'{head}<tr><td colspan="7" class="so-muted">{esc(_("Nothing here."))}</td></tr>'
            "</tbody>\n</table>\n"
        )
    names: dict = {}

    def name(position) -> str:
        text = names.get(position.pk)
        if text is None:
            text = names[position.pk] = esc(position.name)
        return text

    start = complete = ""
    if quick:
        hidden = _csrf_input(context) + _next_input(context)
        start = (
            f'{hidden}<button class="so-btn so-btn-secondary" type="submit">{esc(_("Start"))}'
            "</button></form>"
        )
        complete = (
            f'{hidden}<button class="so-btn" type="submit">{esc(_("Complete"))}</button></form>'
        )
    vacant = esc(_("You do this work because the position is vacant"))
    item_url, item_end = _url("admin:work_item")
    start_url, start_end = _url("admin:work_item_action", "start")
    complete_url, complete_end = _url("admin:work_item_action", "complete")
    statuses, priorities = _labels(_STATUS_LABELS), _labels(_PRIORITY_LABELS)
    out = [head]
    for item in rows:
        pk, status = item.pk, item.status
        cover = getattr(item, "cover", None)
        acting = (
            f'<span class="so-badge so-warning" title="{vacant}">'
            f"{_('acting for %(p)s') % {'p': name(item.position)}}</span>"
            if cover is not None and getattr(cover, "acting", False)
            else ""
        )
        total = getattr(item, "children_total", 0)
        progress = (
            '<span class="so-muted">'
            + _("%(d)s/%(t)s sub-items done") % {"d": item.children_done, "t": total}
            + "</span>"
            if total
            else ""
        )
        waiting = (
            f' <span class="so-muted">→ {name(item.waiting_on)}</span>'
            if item.waiting_on_id
            else ""
        )
        due = item.due
        if not due:
            due_html = "—"
        elif today and due < today and status != "done" and status != "cancelled":
            due_html = f'<span class="so-badge so-danger">{_date(due)}</span>'
        else:
            due_html = _date(due)
        buttons = ""
        if quick:
            if status == "open":
                buttons = (
                    f'<form method="post" action="{start_url}{pk}{start_end}"'
                    f' style="display:inline">{start}'
                )
            buttons += "\n    "
            if status == "open" or status == "in_progress":
                buttons += (
                    f'<form method="post" action="{complete_url}{pk}{complete_end}"'
                    f' style="display:inline">{complete}'
                )
        out.append(
            f'<tr data-item="{pk}" data-status="{escape(status)}">\n  <td>#{pk}</td>\n'
            f'  <td><a class="so-link" href="{item_url}{pk}{item_end}">{escape(item.title)}</a>'
            f"\n    {acting}\n    {progress}\n  </td>\n"
            f'  <td><span class="so-badge so-{_STATUS_BADGE.get(status, "")}">'
            f"{statuses.get(status) or escape(status)}</span></td>\n"
            f"  <td>{priorities.get(item.priority) or escape(item.priority)}</td>\n"
            f"  <td>{name(item.position)}{waiting}</td>\n"
            f"  <td>{due_html}</td>\n"
            f"  <td>{buttons}</td>\n</tr>"
        )
    out.append("</tbody>\n</table>\n")
    return mark_safe("".join(out))


def _csrf_input(context) -> str:
    """What ``{% csrf_token %}`` renders."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _next_input(context) -> str:
    request = context.get("request")
    nxt = conditional_escape(request.get_full_path()) if request is not None else ""
    return f'<input type="hidden" name="next" value="{nxt}">'


@register.simple_tag(takes_context=True)
def work_cards(context, items):
    """The team board's cards of one column (same HTML as the loop they replace)."""
    today = context.get("today")
    esc = conditional_escape
    item_url, item_end = _url("admin:work_item")
    names: dict = {}
    out = []
    for item in items:
        pk = item.pk
        position = names.get(item.position_id)
        if position is None:
            position = names[item.position_id] = esc(item.position.name)
        due = item.due
        if due:
            text = due.strftime("%m-%d")
            if today and due < today and item.status != "done":
                text = f'<span class="so-badge so-danger">{text}</span>'
            due = f" · {text}"
        else:
            due = ""
        waiting = f" · → {esc(item.waiting_on.name)}" if item.waiting_on_id else ""
        out.append(
            f'<div class="so-card" style="padding:8px" data-item="{pk}"><a class="so-link" '
            f'href="{item_url}{pk}{item_end}">#{pk} {escape(item.title)}</a><br>'
            f'<span class="so-muted">{position}{due}{waiting}</span></div>'
        )
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def review_cards(context, items, position_options):
    """The review queue's cards, each with its accept and return forms (same HTML as the
    template loop they replace; the forms' fixed parts are built once a page)."""
    esc = conditional_escape
    item_url, item_end = _url("admin:work_item")
    accept_url, accept_end = _url("admin:work_item_action", "accept")
    return_url, return_end = _url("admin:work_item_action", "return")
    statuses, priorities = _labels(_STATUS_LABELS), _labels(_PRIORITY_LABELS)
    hidden = _csrf_input(context) + _next_input(context)
    accept = (
        f' class="so-form">{hidden}\n    <label>{esc(_("Assign to"))}<select name="assign_to">'
        f'<option value="">—</option>{position_options}</select></label>\n    '
        f'<label>{esc(_("Comment"))}<textarea name="comment" rows="1"></textarea></label>'
        f'<button class="so-btn" type="submit">{esc(_("Accept"))}</button></form>\n'
    )
    back = (
        f' class="so-form">{hidden}\n    <label>{esc(_("Reason"))}<textarea name="reason" '
        f'rows="1"></textarea></label><button class="so-btn so-btn-secondary" type="submit">'
        f"{esc(_('Return'))}</button></form>\n"
    )
    wanted = esc(_("Wanted by"))
    out = []
    for item in items:
        pk = item.pk
        who = item.requester or _SOURCE_LABELS.get(item.source, item.source)
        due = f" · {wanted} {item.due.isoformat()}" if item.due else ""
        created = (
            timezone.localtime(item.created_at).strftime("%Y-%m-%d %H:%M")
            if item.created_at
            else ""
        )
        description = f"<div>{item.description}</div>" if item.description else ""
        out.append(
            f'\n<div class="so-card" data-item="{pk}">\n  <h2><a class="so-link" '
            f'href="{item_url}{pk}{item_end}">#{pk} {escape(item.title)}</a> '
            f'<span class="so-badge so-{_STATUS_BADGE.get(item.status, "")}">'
            f"{statuses.get(item.status) or escape(item.status)}</span></h2>\n"
            f'  <p class="so-muted">{esc(item.requester_department)} · {esc(who)} · {created}'
            f"{due} · {priorities.get(item.priority) or escape(item.priority)}</p>\n"
            f"  {description}\n"
            f'  <form method="post" action="{accept_url}{pk}{accept_end}"'
            f"{accept}"
            f'  <form method="post" action="{return_url}{pk}{return_end}"'
            f"{back}</div>\n"
        )
    return mark_safe("".join(out))


@register.simple_tag
def team_load_rows(load):
    """The team board's load table: a row per position (``selectors.team_load``) with who does
    its work, open, overdue and waiting items (same HTML as the template loop it replaces)."""
    out = []
    for row in load:
        position, res = row["position"], row["resolution"]
        who = "、".join(escape(str(u)) for u in res.users)
        if res.is_vacant:
            who += f' <span class="so-badge so-warning">{escape(str(res.via_label))}</span>'
        overdue = row["overdue"]
        overdue = f'<span class="so-badge so-danger">{overdue}</span>' if overdue else "0"
        out.append(
            f'<tr data-position="{escape(position.code)}"><td>{escape(position.name)}</td>\n'
            f"  <td>{who}</td>\n"
            f'  <td class="open">{row["open"]}</td><td class="overdue">{overdue}</td>'
            f'<td class="waiting">{row["waiting"]}</td></tr>'
        )
    return mark_safe("".join(out))


@register.simple_tag
def duty_rows(rows):
    """The rows of a covered position's duties on the workbench (``org.selectors.duty_map``):
    code, text and the screens that do it (same HTML as the template loop it replaces)."""
    esc = conditional_escape
    unsupported = (
        f'<span class="so-badge so-warning">{esc(_("Not yet supported in SiteOps"))}</span>'
    )
    hidden = f'<span class="so-muted">{esc(_("Done on screens you may not open"))}</span>'
    out = []
    for row in rows:
        if not row["supported"]:
            cell = unsupported
        elif row["links"]:
            cell = " · ".join(
                f'<a class="so-link" href="{esc(link["path"])}">{esc(link["title"])}</a>'
                for link in row["links"]
            )
        else:
            cell = hidden
        code = esc(row["code"])
        out.append(
            f'<tr data-duty="{code}"><td><strong>{code}</strong></td>'
            f"<td>{esc(row['duty'].text)}</td>\n    <td>{cell}</td></tr>"
        )
    return mark_safe("".join(out))
