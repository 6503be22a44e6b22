"""The work screens' item rows are rendered in Python (``work_tags``: ``work_table``,
``work_cards``, ``review_cards``, issue #20): the same HTML, character for character, as the
templates they replaced (kept below), in both languages, for every status and every optional
part of a row (acting badge, sub-item progress, waiting on, overdue and missing due dates,
quick buttons, a requester or none, a description, text that needs escaping)."""

import datetime
import types

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from siteops.work import selectors
from siteops.work.models import WorkItem

from .factories import in_status, request, task

OLD_TABLE = """{% load i18n %}<table class="so-table">
  <thead><tr><th>#</th><th>{% translate "Title" %}</th><th>{% translate "Status" %}</th><th>{% translate "Priority" %}</th><th>{% translate "Position" %}</th><th>{% translate "Due" %}</th><th></th></tr></thead>
  <tbody>{% for item in rows %}<tr data-item="{{ item.pk }}" data-status="{{ item.status }}">
  <td>#{{ item.pk }}</td>
  <td><a class="so-link" href="{{ item.admin_url }}">{{ item.title }}</a>
    {% if item.cover.acting %}<span class="so-badge so-warning" title="{% translate 'You do this work because the position is vacant' %}">{% blocktranslate with p=item.position.name %}acting for {{ p }}{% endblocktranslate %}</span>{% endif %}
    {% if item.children_total %}<span class="so-muted">{% blocktranslate with d=item.children_done t=item.children_total %}{{ d }}/{{ t }} sub-items done{% endblocktranslate %}</span>{% endif %}
  </td>
  <td><span class="so-badge so-{{ item.status_badge }}">{{ item.status_label }}</span></td>
  <td>{{ item.priority_label }}</td>
  <td>{{ item.position.name }}{% if item.waiting_on %} <span class="so-muted">→ {{ item.waiting_on.name }}</span>{% endif %}</td>
  <td>{% if item.due %}{% if item.due < today and item.status != "done" and item.status != "cancelled" %}<span class="so-badge so-danger">{{ item.due|date:"Y-m-d" }}</span>{% else %}{{ item.due|date:"Y-m-d" }}{% endif %}{% else %}—{% endif %}</td>
  <td>{% if quick %}{% if item.status == "open" %}<form method="post" action="{{ item.start_url }}" style="display:inline">{% csrf_token %}<input type="hidden" name="next" value="{{ request.get_full_path }}"><button class="so-btn so-btn-secondary" type="submit">{% translate "Start" %}</button></form>{% endif %}
    {% if item.status == "open" or item.status == "in_progress" %}<form method="post" action="{{ item.complete_url }}" style="display:inline">{% csrf_token %}<input type="hidden" name="next" value="{{ request.get_full_path }}"><button class="so-btn" type="submit">{% translate "Complete" %}</button></form>{% endif %}{% endif %}</td>
</tr>{% empty %}<tr><td colspan="7" class="so-muted">{% translate "Nothing here." %}</td></tr>{% endfor %}</tbody>
</table>
"""

OLD_CARDS = """{% for item in items %}<div class="so-card" style="padding:8px" data-item="{{ item.pk }}"><a class="so-link" href="{% url 'admin:work_item' item.pk %}">#{{ item.pk }} {{ item.title }}</a><br><span class="so-muted">{{ item.position.name }}{% if item.due %} · {% if item.due < today and item.status != "done" %}<span class="so-badge so-danger">{{ item.due|date:"m-d" }}</span>{% else %}{{ item.due|date:"m-d" }}{% endif %}{% endif %}{% if item.waiting_on %} · → {{ item.waiting_on.name }}{% endif %}</span></div>{% endfor %}"""

OLD_REVIEW = """{% load i18n %}{% for item in items %}
<div class="so-card" data-item="{{ item.pk }}">
  <h2><a class="so-link" href="{{ item.admin_url }}">#{{ item.pk }} {{ item.title }}</a> <span class="so-badge so-{{ item.status_badge }}">{{ item.status_label }}</span></h2>
  <p class="so-muted">{{ item.requester_department }} · {{ item.requester|default:item.get_source_display }} · {{ item.created_at|date:"Y-m-d H:i" }}{% if item.due %} · {% translate "Wanted by" %} {{ item.due|date:"Y-m-d" }}{% endif %} · {{ item.priority_label }}</p>
  {% if item.description %}<div>{{ item.description|safe }}</div>{% endif %}
  <form method="post" action="/backoffice/work/items/{{ item.pk }}/accept/" class="so-form">{% csrf_token %}<input type="hidden" name="next" value="{{ request.get_full_path }}">
    <label>{% translate "Assign to" %}<select name="assign_to"><option value="">—</option>{{ position_options }}</select></label>
    <label>{% translate "Comment" %}<textarea name="comment" rows="1"></textarea></label><button class="so-btn" type="submit">{% translate "Accept" %}</button></form>
  <form method="post" action="/backoffice/work/items/{{ item.pk }}/return/" class="so-form">{% csrf_token %}<input type="hidden" name="next" value="{{ request.get_full_path }}">
    <label>{% translate "Reason" %}<textarea name="reason" rows="1"></textarea></label><button class="so-btn so-btn-secondary" type="submit">{% translate "Return" %}</button></form>
</div>
{% endfor %}"""


@pytest.fixture
def rows(db, manager):
    today = timezone.localdate()
    items = [
        task("CE", title='Plain <b>&</b> "quoted"', due=today - datetime.timedelta(days=3)),
        task("PED", title="Due later", due=today + datetime.timedelta(days=3), priority="high"),
        task("CPY", title="No due date"),
    ]
    for status in ("in_progress", "waiting", "escalated", "returned", "done", "cancelled"):
        items.append(in_status(status, due=today - datetime.timedelta(days=1)))
    parent = items[0]
    task("CE", title="child", parent=parent)
    items.append(request(requester=manager, title="From <PUR>", due=today, description="<p>x</p>"))
    items.append(request(title="No requester"))
    qs = WorkItem.objects.filter(pk__in=[i.pk for i in items]).select_related(
        *selectors.LIST_RELATED, "requester"
    )
    return selectors.with_progress(qs.order_by("pk"))


@pytest.fixture
def light(rows):
    """The same items as the pages now read them (``selectors.rows`` / ``review_rows``)."""
    qs = WorkItem.objects.filter(pk__in=[i.pk for i in rows]).order_by("pk")
    return types.SimpleNamespace(
        rows=selectors.rows(qs, progress=True), review=selectors.review_rows(qs)
    )


def _context(rows, **extra):
    req = RequestFactory().get("/backoffice/work/?a=1&b=<2>")
    return Context({"rows": rows, "items": rows, "today": timezone.localdate(), "request": req,
                    "csrf_token": "tok&en", **extra})  # fmt: skip


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("quick", [False, True])
def test_work_table_renders_like_the_template(rows, light, lang, quick):
    new_table = Template("{% load work_tags %}{% work_table rows quick=quick %}")
    with translation.override(lang):
        # The pages' light rows (no acting badge: nothing sets a row's cover) …
        lean = new_table.render(_context(light.rows, quick=quick))
        assert lean == Template(OLD_TABLE).render(_context(rows, quick=quick))
        # … and full items (an item's sub-items), with the acting badge.
        rows[1].cover = types.SimpleNamespace(acting=True)
        old = Template(OLD_TABLE).render(_context(rows, quick=quick))
        assert new_table.render(_context(rows, quick=quick)) == old
        assert "acting for" in old or "代理" in old
        assert new_table.render(_context([])) == Template(OLD_TABLE).render(_context([]))


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_board_cards_render_like_the_template(rows, light, lang):
    cards = Template("{% load work_tags %}{% work_cards items %}")
    with translation.override(lang):
        old = Template(OLD_CARDS).render(_context(rows))
        assert cards.render(_context(rows)) == old
        assert cards.render(_context(light.rows)) == old


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_review_cards_render_like_the_template(rows, light, lang):
    options = '<option value="1">A（B）</option>'
    from django.utils.safestring import mark_safe

    with translation.override(lang):
        ctx = dict(position_options=mark_safe(options))
        old = Template(OLD_REVIEW).render(_context(rows, **ctx))
        new = Template("{% load work_tags %}{% review_cards items position_options %}").render(
            _context(rows, **ctx)
        )
    assert new == old


OLD_LOAD = """{% for row in load %}<tr data-position="{{ row.position.code }}"><td>{{ row.position.name }}</td>
  <td>{% for u in row.resolution.users %}{{ u }}{% if not forloop.last %}、{% endif %}{% endfor %}{% if row.resolution.is_vacant %} <span class="so-badge so-warning">{{ row.resolution.via_label }}</span>{% endif %}</td>
  <td class="open">{{ row.open }}</td><td class="overdue">{% if row.overdue %}<span class="so-badge so-danger">{{ row.overdue }}</span>{% else %}0{% endif %}</td><td class="waiting">{{ row.waiting }}</td></tr>{% endfor %}"""


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_team_load_renders_like_the_template(rows, manager, chief_editor, lang):
    load = selectors.team_load(manager)
    # Two people on one position, and a vacant one, whatever the seed's staffing is today.
    load[0] = {**load[0], "overdue": 0, "resolution": types.SimpleNamespace(
        users=[manager, chief_editor], is_vacant=False, via_label="")}  # fmt: skip
    load[1] = {**load[1], "overdue": 3, "resolution": types.SimpleNamespace(
        users=[], is_vacant=True, via_label="<acting>")}  # fmt: skip
    new = Template("{% load work_tags %}{% team_load_rows load %}")
    with translation.override(lang):
        assert new.render(Context({"load": load})) == Template(OLD_LOAD).render(
            Context({"load": load})
        )


OLD_DUTIES = """{% load i18n %}{% for row in rows %}<tr data-duty="{{ row.code }}"><td><strong>{{ row.code }}</strong></td><td>{{ row.duty.text }}</td>
    <td>{% if not row.supported %}<span class="so-badge so-warning">{% translate "Not yet supported in SiteOps" %}</span>{% else %}{% for link in row.links %}<a class="so-link" href="{{ link.path }}">{{ link.title }}</a>{% if not forloop.last %} · {% endif %}{% empty %}<span class="so-muted">{% translate "Done on screens you may not open" %}</span>{% endfor %}{% endif %}</td></tr>{% endfor %}"""


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_duty_rows_render_like_the_template(db, manager, lang):
    from siteops.org.selectors import duty_map

    rows = duty_map(manager)
    assert any(r["links"] for r in rows)
    rows[0] = {**rows[0], "supported": False}
    rows[1] = {**rows[1], "supported": True, "links": []}
    rows[2] = {**rows[2], "supported": True, "links": [
        {"path": "/a/?x=1&y=<2>", "title": "A <b>"}, {"path": "/b/", "title": "B"}]}  # fmt: skip
    new = Template("{% load work_tags %}{% duty_rows rows %}")
    with translation.override(lang):
        assert new.render(Context({"rows": rows})) == Template(OLD_DUTIES).render(
            Context({"rows": rows})
        )
