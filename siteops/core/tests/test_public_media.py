import pytest
from django.test import override_settings


@pytest.fixture
def media(tmp_path):
    (tmp_path / "catalog/products/1").mkdir(parents=True)
    (tmp_path / "catalog/products/1/a.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "work/7").mkdir(parents=True)
    (tmp_path / "work/7/secret.pdf").write_bytes(b"%PDF secret")
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


def test_product_images_are_public(client, media):
    r = client.get("/media/catalog/products/1/a.png")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"\x89PNG fake"


@pytest.mark.parametrize(
    "path", ["/media/work/7/secret.pdf", "/media/catalog/products/../../work/7/secret.pdf"]
)
@pytest.mark.django_db
def test_private_media_is_never_served_publicly(client, media, path):
    assert client.get(path).status_code == 404
