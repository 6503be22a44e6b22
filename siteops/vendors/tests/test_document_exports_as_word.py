"""The technical document exported as Word (DOCX): the baselined text of each requirement, for
our staff and for the vendor it was sent to (never another vendor)."""

import io

from django.urls import reverse
from docx import Document

from siteops.vendors import services


def _text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    word = Document(io.BytesIO(response.content))
    return "\n".join(p.text for p in word.paragraphs)


def test_staff_and_the_vendor_download_the_baselined_text(client, vendor_a, vendor_b, manager):
    doc = vendor_a["doc"]
    # an edit after the baseline is not in the version that was sent
    services.requirement_edit(actor=manager, requirement=vendor_a["requirement"],
                              data={"statement": "改过的内容"}, message="改")  # fmt: skip
    client.force_login(manager)
    text = _text(client.get(reverse("admin:vendors_document", args=[doc.pk]) + "?format=docx"))
    assert "va-R1 甲软件公司的需求" in text and "改过的内容" not in text
    assert "v1" in text
    client.force_login(vendor_a["user"])
    url = reverse("admin:vendors_portal_document", args=[doc.pk]) + "?format=docx"
    assert "va-R1" in _text(client.get(url))
    other = reverse("admin:vendors_portal_document", args=[vendor_b["doc"].pk]) + "?format=docx"
    assert client.get(other).status_code == 404
