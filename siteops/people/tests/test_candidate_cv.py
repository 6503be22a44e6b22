"""A candidate's CV: checked by its content (PDF or Word), downloadable only by those who may
see the candidate, and deleted with the personal data after the retention period."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from siteops.core.errors import DomainError
from siteops.people import services
from siteops.people.models import Candidate

from .factories import open_request

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_cv_must_be_a_pdf_or_word_by_its_content(manager, hr):
    req = open_request(manager, hr, "ART")
    for name, content in (("cv.pdf", b"<html><script>x</script></html>"), ("cv.pdf", b""),
                          ("cv.exe", b"MZ\x90\x00\x03"), ("cv.docx", b"PK\x03\x04junk")):  # fmt: skip
        with pytest.raises(DomainError):
            services.candidate_add(actor=hr, request=req, name="赵六", source="job_site",
                                   cv=SimpleUploadedFile(name, content))  # fmt: skip
    assert not Candidate.objects.exists()
    cand = services.candidate_add(actor=hr, request=req, name="赵六", source="job_site",
                                  cv=SimpleUploadedFile("resume.html", PDF))  # fmt: skip
    assert cand.cv.name.endswith(".pdf") and "resume" not in cand.cv.name


def test_only_who_sees_the_candidate_downloads_the_cv(
    client, manager, hr, chief_editor, planning_lead, product_editor, settings
):
    req = open_request(manager, hr, "ART")
    client.force_login(hr)
    r = client.post(
        reverse("admin:people_candidate_add", args=[req.pk]),
        {"name": "赵六", "source": "job_site", "cv": SimpleUploadedFile("cv.pdf", PDF)},
    )
    assert r.status_code == 302
    cand = Candidate.objects.get(request=req)
    url = reverse("admin:people_candidate_cv", args=[cand.pk])
    for user in (hr, manager, chief_editor):
        client.force_login(user)
        r = client.get(url)
        assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF"), user
    for user in (planning_lead, product_editor):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404), user
    client.logout()
    assert client.get(url).status_code == 302

    # After the retention period the file is gone with the rest of the personal data.
    settings.PEOPLE_CANDIDATE_RETENTION_DAYS = 30
    name, storage = cand.cv.name, cand.cv.storage
    assert storage.exists(name)
    services.recruitment_move(actor=hr, request=req, action="cancel")
    today = timezone.localdate()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.candidates_anonymise(today=today + datetime.timedelta(days=31)) == 1
    cand.refresh_from_db()
    assert not cand.cv
    assert not storage.exists(name)
