"""Every back-office list that shows a foreign key names the joins it needs.

Django's changelist joins *every* non-null foreign key, recursively, when a list shows one and
``list_select_related`` is left False (or set True): the design request list joined its page, the
page's author, and on. Naming them joins just those."""

from django.contrib import admin
from django.db import models


def _foreign_keys(model, names):
    found = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - a method or a property, not a field
            continue
        if isinstance(field, models.ForeignKey):
            found.append(name)
    return found


def test_lists_with_a_foreign_key_column_name_their_joins():
    loose = []
    for model, model_admin in admin.site._registry.items():
        fks = _foreign_keys(model, model_admin.list_display)
        if not fks:
            continue
        chosen = model_admin.list_select_related
        if (
            chosen is True
            or chosen is False
            or not all(any(c == fk or c.startswith(f"{fk}__") for c in chosen) for fk in fks)
        ):
            loose.append(f"{model._meta.label}: {fks} (list_select_related={chosen!r})")
    assert loose == []


def test_a_named_join_is_the_only_one(client, db):
    """The design request list: one join (its page), not the page's own relations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import make_staff
    from siteops.content.models import DesignRequest

    editor = make_staff("cpy-joins", "CPY")
    DesignRequest.objects.create(title="头图")
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/backoffice/content/designrequest/").status_code == 200
    listed = [q["sql"] for q in queries if 'FROM "content_designrequest"' in q["sql"]
              and "COUNT" not in q["sql"].upper()]  # fmt: skip
    assert listed and all(sql.count("JOIN") <= 1 for sql in listed)
