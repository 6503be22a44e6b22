"""The chief editor logs in, opens the org chart, sees the vacant art editor and who covers it."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_staff

from .conftest import login, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_chief_editor_sees_vacancy_and_cover(page, live_server, shot):
    chief = make_staff("chief", "CE")
    chief.set_password("pw-chief-12345")
    chief.save()
    make_staff("editor", "PED").__class__.objects.filter(username="editor").update(
        display_name="周商品"
    )
    make_staff("editor", "ART", kind="acting", end=timezone.localdate() + datetime.timedelta(days=9),
               reason="美工编辑离职")  # fmt: skip
    make_staff("mgr", "MGR")

    login(page, live_server, "chief", "pw-chief-12345")
    visit(page, f"{live_server.url}/backoffice/org/chart/")
    row = page.locator("tr[data-position=ART]")
    assert "空缺" in row.inner_text()
    assert "周商品" in row.inner_text() and "代理" in row.inner_text()
    # PUR-CAT has no acting assignment: the manager covers it by fallback (MGR-21).
    assert "替补岗位" in page.locator("tr[data-position=PUR-CAT]").inner_text()
    shot(page, "org-chart-chief-editor")
    page.click("tr[data-position=ART] a")
    page.wait_for_load_state("networkidle")
    assert "ART-02" in page.locator("#duties").inner_text()
    shot(page, "position-art-editor")
