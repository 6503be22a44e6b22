"""The work-item list's position and department filters take their choices from today's
staffing snapshot (issue #20): the same choices, in the same order and language, as Django's own
filter reads from the database — and a new position shows on the next request."""

import pytest
from django.contrib import admin
from django.contrib.admin import RelatedFieldListFilter
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html

from conftest import assert_kept_filters_read_as
from siteops.core.admin_base import pk_url
from siteops.org import selectors
from siteops.org.models import Department, Position
from siteops.work.admin import DepartmentFilter, PositionFilter
from siteops.work.models import WorkItem

from .factories import task

pytestmark = pytest.mark.django_db


def _new_position(dept: str) -> Position:
    return Position.objects.create(
        code="ZZ-NEW", name_zh="新岗位", name_en="New post", order=0,
        department=Department.objects.get(code=dept), group=Group.objects.create(name="ZZ-NEW"),
    )  # fmt: skip


def _choices(filter_class, path, user):
    model_admin = admin.site.get_model_admin(WorkItem)
    request = RequestFactory().get("/")
    request.user = user
    field = WorkItem._meta.get_field("position")
    if path == "position__department":
        field = Position._meta.get_field("department")
    spec = filter_class(field, request, {}, WorkItem, model_admin, field_path=path)
    return spec.lookup_choices


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_same_choices_as_djangos_filter(staff, lang):
    _new_position("PUR")
    Department.objects.create(code="ZZ", name_zh="新部门", name_en="New department", order=0)
    with translation.override(lang):
        for cls, path in ((PositionFilter, "position"), (DepartmentFilter, "position__department")):
            mine = _choices(cls, path, staff["manager"])
            assert mine == _choices(RelatedFieldListFilter, path, staff["manager"]), path


def test_a_new_position_shows_in_the_list_filter_on_the_next_request(client, staff, monkeypatch):
    monkeypatch.setattr(selectors, "_shareable", lambda: True)
    selectors.forget_current_staffing()
    try:
        client.force_login(staff["manager"])
        url = reverse("admin:work_workitem_changelist")
        assert "新岗位" not in client.get(url).content.decode()
        _new_position("WEB")
        assert "新岗位" in client.get(url).content.decode()
    finally:
        selectors.forget_current_staffing()


def test_number_and_title_cells_as_django_renders_them(staff):
    item = task("CE", title='Fix <b>"quotes"</b> & more')
    model_admin = admin.site.get_model_admin(WorkItem)
    link = format_html('<a class="so-link" href="{}">{}</a>', pk_url("admin:work_item", item.pk),
                       item.title)  # fmt: skip
    assert model_admin.title_link(item) == link
    from django.utils.formats import number_format

    assert str(model_admin.number(item)) == number_format(item.pk)


STOCK_FILTERS = ["status", "priority", "source", "kind", "confidential",
                 ("position__department", RelatedFieldListFilter),
                 ("position", RelatedFieldListFilter)]  # fmt: skip


@pytest.mark.parametrize("query", ["", "?status=open", "?confidential__exact=1&priority=high",
                                   "?o=2&kind=task"])  # fmt: skip
def test_kept_filters_read_as_djangos_filters(client, staff, shared_staffing, query):
    """The list's filters (kept per query string, and the position ones per organisation
    version) write the same page as Django's own filters through unfold's template."""
    task("CE", title="One")
    client.force_login(staff["manager"])
    assert_kept_filters_read_as(client, "/backoffice/work/workitem/",
                                admin.site.get_model_admin(WorkItem), STOCK_FILTERS, query)  # fmt: skip
