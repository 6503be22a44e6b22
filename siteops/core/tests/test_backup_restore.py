"""``siteops backup`` then ``siteops restore`` gives back every row and every media file."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from siteops.org.models import Department, Position, PositionAssignment, User

FS_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    data = {}
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.table_names(cur)):
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            data[table] = sorted(cur.fetchall(), key=repr)
    return data


def media_tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def media(tmp_path, settings):
    settings.STORAGES = FS_STORAGES
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "products" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "products" / "2026" / "图片.png").write_bytes(b"\x89PNG\r\n\x1a\n" * 50)
    (settings.MEDIA_ROOT / "attachments").mkdir()
    (settings.MEDIA_ROOT / "attachments" / "spec.xlsx").write_bytes(b"PK\x03\x04" + b"x" * 4096)
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_round_trip_loses_nothing(media, tmp_path, manager, product_editor, capsys):
    User.objects.create_user("shopper", "s@example.com", "pw-shopper-123", display_name="顾客 ☃")
    before_rows, before_media = snapshot(), media_tree(media)

    call_command("backup", dir=str(tmp_path / "backups"))
    manifests = list((tmp_path / "backups").glob("siteops-*.json"))
    assert len(manifests) == 1
    manifest = json.loads(manifests[0].read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["rows"]["org_user"] == User.objects.count()
    assert manifest["media"]

    # Life goes on after the backup: rows deleted, changed and added; files lost and added.
    PositionAssignment.objects.filter(user=product_editor).delete()
    Department.objects.filter(code=Position.objects.get(code="MGR").department.code).update(
        name_zh="改名了"
    )
    User.objects.create_user("latecomer", "l@example.com", "pw-latecomer-123")
    (media / "products" / "2026" / "图片.png").unlink()
    (media / "new.txt").write_text("after the backup")
    assert snapshot() != before_rows

    with translation.override("en"):  # the message checked below, whatever ran before
        call_command("restore", str(manifests[0]), interactive=False)

    assert snapshot() == before_rows
    assert media_tree(media) == before_media
    assert "counts verified" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_restore_accepts_the_database_file_and_refuses_what_is_not_a_backup(tmp_path, settings):
    settings.STORAGES = FS_STORAGES
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", dir=str(tmp_path), no_media=True)
    db_file = next(p for p in tmp_path.iterdir() if p.suffix in {".sqlite3", ".pgdump"})
    User.objects.create_user("gone-after-restore", "g@example.com", "pw-123-gone")
    call_command("restore", str(db_file), interactive=False)
    assert not User.objects.filter(username="gone-after-restore").exists()

    stray = tmp_path / "notes.json"
    stray.write_text("{}")
    with pytest.raises(CommandError):
        call_command("restore", str(stray), interactive=False)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_of_another_engine(tmp_path):
    call_command("backup", dir=str(tmp_path), no_media=True)
    manifest = next(tmp_path.glob("*.json"))
    data = json.loads(manifest.read_text())
    data["engine"] = "oracle"
    manifest.write_text(json.dumps(data))
    User.objects.create_user("still-here", "h@example.com", "pw-123-here")
    with pytest.raises(CommandError):
        call_command("restore", str(manifest), interactive=False)
    assert User.objects.filter(username="still-here").exists()


@pytest.mark.django_db(transaction=True)
def test_keep_prunes_old_backups(tmp_path):
    for _ in range(3):
        call_command("backup", dir=str(tmp_path), no_media=True, keep=2)
    assert len(list(tmp_path.glob("*.json"))) == 2
