"""The timeline's rows rendered in Python are the HTML the template loop rendered."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from siteops.core.templatetags.timeline import rows_html
from siteops.core.timeline import TimelineRow

# core/timeline.html's row loop before the rows were rendered in Python.
OLD_LOOP = """{% load i18n %}{% for r in rows %}<tr>
    <td>{{ r.at|date:"Y-m-d H:i" }}</td>
    <td>{{ r.what }}</td>
    <td>{{ r.change }}</td>
    <td>{{ r.who }}{% if r.position %} <span class="so-muted">{% blocktranslate with p=r.position %}as {{ p }}{% endblocktranslate %}</span>{% endif %}{% if r.acting %} <span class="so-badge so-warning">{% translate "acting" %}</span>{% endif %}</td>
    <td>{{ r.note|truncatechars:300 }}</td>
  </tr>{% endfor %}"""


def _rows():
    at = timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 59, 30), datetime.UTC)
    return [
        TimelineRow(at=at, what="Price <changed>", change="¥1 → ¥2 & more", who="Zhang \"San\"",
                    position="商品编辑 <PED>", acting=True, source="web", note="x" * 400),
        TimelineRow(at=at - datetime.timedelta(days=400), what="状态", change="", who="System",
                    position="", acting=False, source="", note="short 'note' <b>"),
        TimelineRow(at=at, what="", change="草稿 → 已上架", who="", position="部门经理",
                    acting=False, source="", note=""),
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_timeline_rows_render_alike(language, zone):
    rows = _rows()
    with translation.override(language), timezone.override(zone):
        old = Template(OLD_LOOP).render(Context({"rows": rows}))
        assert rows_html(rows) == old
    assert rows_html([]) == ""
