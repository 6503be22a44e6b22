"""No string is left untranslated: every catalogue is complete and its compiled .mo is current."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("siteops/*/locale/zh_Hans/LC_MESSAGES/django.po")) + [
    ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"  # strings of the admin theme (unfold has none)
]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {e.msgid: e.msgstr or e.msgstr_plural for e in mo}
    for entry in po.translated_entries():
        assert entry.msgid in compiled, (
            f"{entry.msgid!r} is not in the compiled .mo; run make messages"
        )


def test_backoffice_is_chinese_by_default_and_english_on_request(client, django_user_model):
    from conftest import make_staff

    client.force_login(make_staff("m", "MGR"))
    assert "组织架构" in client.get("/backoffice/org/chart/").content.decode()
    client.cookies["django_language"] = "en"
    assert "Org chart" in client.get("/backoffice/org/chart/").content.decode()


def test_default_language_is_simplified_chinese(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    with translation.override("zh-hans"):
        assert str(translation.gettext("Org chart")) == "组织架构"
        # the admin theme's own strings are translated by the project catalogue
        assert translation.gettext("Filters") == "筛选"
        assert translation.gettext("Search apps and models...") == "搜索菜单和数据…"
