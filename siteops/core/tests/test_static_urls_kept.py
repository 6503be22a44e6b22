"""The static files storage keeps each file's URL (DEBUG off) and gives what WhiteNoise's gives."""

import pytest
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from siteops.core.media import SiteStaticStorage


class Manifest(SiteStaticStorage):
    """The storage with a manifest in memory (the test settings use the plain storage)."""

    manifest_strict = False

    def load_manifest(self):
        return {"siteops/admin.css": "siteops/admin.0123456789ab.css"}, ""


@pytest.fixture
def asked(monkeypatch):
    """The names WhiteNoise's own url() is asked for."""
    calls = []
    parent = CompressedManifestStaticFilesStorage.url

    def url(self, name, force=False):
        calls.append(name)
        return parent(self, name, force)

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", url)
    return calls


def test_kept_url_is_the_manifest_s_and_asked_once(asked):
    storage = Manifest(location="/nonexistent", base_url="/static/")
    with override_settings(DEBUG=False):
        assert storage.url("siteops/admin.css") == "/static/siteops/admin.0123456789ab.css"
        assert storage.url("siteops/admin.css") == "/static/siteops/admin.0123456789ab.css"
    assert asked == ["siteops/admin.css"]


def test_debug_and_force_take_django_s_way(asked):
    storage = Manifest(location="/nonexistent", base_url="/static/")
    with override_settings(DEBUG=True):
        storage.url("siteops/admin.css")
        storage.url("siteops/admin.css")
    with override_settings(DEBUG=False):
        storage.url("siteops/admin.css", force=True)
    assert asked == ["siteops/admin.css"] * 3
    assert not storage.__dict__.get("_kept_urls")
