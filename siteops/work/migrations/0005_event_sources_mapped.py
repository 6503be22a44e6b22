"""Rows written before the one event shape get its facts (a separate migration from the schema
change: PostgreSQL refuses to build the new indexes in a transaction that has just updated rows)."""

from django.db import migrations


def _map_sources(apps, schema_editor):
    """Old work events had no source: a person's are staff, the rest were the system's jobs —
    except the creation of a request that came in through the API, which was a client system's
    (the requesting department's API client when it has exactly one)."""
    WorkEvent = apps.get_model("work", "WorkEvent")
    ApiClient = apps.get_model("org", "ApiClient")
    WorkEvent.objects.filter(actor__isnull=True).update(source="job")
    created = WorkEvent.objects.filter(actor__isnull=True, kind="created", item__source="api")
    for department_id in set(created.values_list("item__requester_department_id", flat=True)):
        clients = list(
            ApiClient.objects.filter(department_id=department_id).values_list("pk", flat=True)[:2]
        )
        created.filter(item__requester_department_id=department_id).update(
            source="client", client_id=clients[0] if len(clients) == 1 else None
        )


class Migration(migrations.Migration):
    dependencies = [("work", "0004_event_base_fields")]

    operations = [migrations.RunPython(_map_sources, migrations.RunPython.noop)]
