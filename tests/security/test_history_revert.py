"""The history pages (django-simple-history's "revert") follow the change form's rules.

Seen before the fix: Warehouse edited a department through its history page with only a view
permission; appointment rows the admin shows read-only (user, position, made_by) were rewritten
by the manager and HR; a revert restored fields the change form keeps read-only.
"""

import pytest
from django.urls import reverse

from siteops.org.models import Department, Position, PositionAssignment

from .sweep import form_data

BACKEND = "siteops.org.backends.PositionBackend"


def _revert_url(model, obj):
    record = model.history.filter(id=obj.pk).order_by("-history_id").first()
    opts = model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, record.history_id]
    ), record


def _old_version_form(client, url):
    return form_data(client.get(url).content.decode())


@pytest.mark.django_db
def test_a_view_permission_cannot_edit_through_the_history_page(client, warehouse, superuser):
    dept = Department.objects.get(code="WH")
    url, _record = _revert_url(Department, dept)
    client.force_login(superuser, backend=BACKEND)
    data = _old_version_form(client, url).data
    data["name_zh"] = ["被改了"]
    client.force_login(warehouse, backend=BACKEND)
    page = client.get(url)
    assert page.status_code == 200  # the old version can still be read …
    assert 'name="name_zh"' not in page.content.decode()  # … read-only
    assert client.post(url, data).status_code == 403
    dept.refresh_from_db()
    assert dept.name_zh != "被改了"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["manager", "hr", "leader"])
def test_appointments_cannot_be_rewritten_through_their_history(client, staff, superuser, who):
    sales = PositionAssignment.objects.get(user=staff["sales"])
    url, _record = _revert_url(PositionAssignment, sales)
    prc = Position.objects.get(code="PRC")
    data = {"user": [str(staff["sales"].pk)], "position": [str(prc.pk)], "kind": ["holder"],
            "start": [str(sales.start)], "created_by": [str(staff[who].pk)], "reason": ["moved"]}  # fmt: skip
    client.force_login(staff[who], backend=BACKEND)
    assert client.post(url, data).status_code == 403
    sales.refresh_from_db()
    assert sales.position.code == "SAL-PRJ" and sales.created_by is None


@pytest.mark.django_db
def test_a_revert_keeps_the_fields_the_change_form_shows_read_only(client, hr, superuser):
    """HR may change positions but not their code: reverting to a version with another code
    brings back the editable fields only."""
    cpy = Position.objects.get(code="CPY")
    old_name = cpy.name_zh
    cpy.code, cpy.name_zh = "CPY2", "改名后"
    cpy.save()
    record = Position.history.filter(id=cpy.pk, code="CPY").order_by("-history_id").first()
    url = reverse("admin:org_position_simple_history", args=[cpy.pk, record.history_id])
    client.force_login(hr, backend=BACKEND)
    form = _old_version_form(client, url)
    assert form is not None and "code" not in form.data
    response = client.post(url, form.data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cpy.refresh_from_db()
    assert cpy.name_zh == old_name  # the old name is back …
    assert cpy.code == "CPY2"  # … the code HR may not edit is not


@pytest.mark.django_db
def test_a_position_cannot_be_moved_through_its_history_by_a_non_leader(client, hr, superuser):
    """The revert goes through the same rules as the change form (moving is above HR's remit)."""
    cpy = Position.objects.get(code="CPY")
    cpy.department = Department.objects.get(code="HR")
    cpy.save()
    record = Position.history.filter(id=cpy.pk, department__code="WEB").order_by("-history_id")
    record = record.first() or Position.history.filter(id=cpy.pk).order_by("history_id").first()
    url = reverse("admin:org_position_simple_history", args=[cpy.pk, record.history_id])
    client.force_login(hr, backend=BACKEND)
    form = _old_version_form(client, url)
    data = dict(form.data)
    data["department"] = [str(Department.objects.get(code="WEB").pk)]
    client.post(url, data)
    cpy.refresh_from_db()
    assert cpy.department.code == "HR"


@pytest.mark.django_db
def test_every_history_admin_is_guarded():
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    from siteops.core.admin_base import GuardedHistoryMixin

    history_admins = [a for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)]
    assert history_admins
    assert all(isinstance(a, GuardedHistoryMixin) for a in history_admins)
