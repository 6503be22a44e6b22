"""PED-08 in the back office: who covers vacant Purchasing collection finds "Submit a product" in
the menu and can open the form; nobody else gets the link or the page."""

import pytest
from django.urls import reverse

from siteops.core.menu import visible_menu

pytestmark = pytest.mark.django_db
LINK = "admin:catalog_submission_new"


def names(user):
    return {i["name"] for g in visible_menu(user) for i in g["items"]}


def test_product_editor_gets_the_link_only_while_purchasing_is_vacant(
    client, product_editor, purchasing
):
    from siteops.org.models import PositionAssignment

    assert LINK not in names(product_editor)  # Purchasing has a holder: they submit
    PositionAssignment.objects.filter(position__code="PUR-COL").delete()
    assert LINK in names(product_editor)
    client.force_login(product_editor)
    assert client.get(reverse(LINK)).status_code == 200


def test_purchasing_has_it_and_others_do_not(client, purchasing, copy_editor, warehouse):
    from siteops.org.models import PositionAssignment

    assert LINK in names(purchasing)
    PositionAssignment.objects.filter(position__code="PUR-COL").exclude(user=purchasing).delete()
    for user in (copy_editor, warehouse):
        assert LINK not in names(user)
        client.force_login(user)
        assert client.get(reverse(LINK)).status_code == 403
