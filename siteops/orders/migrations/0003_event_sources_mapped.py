"""Rows written before the one event shape get its facts (a separate migration from the schema
change: PostgreSQL refuses to build the new indexes in a transaction that has just updated rows)."""

from django.db import migrations


def _sole_client(apps, department_code):
    ApiClient = apps.get_model("org", "ApiClient")
    clients = list(
        ApiClient.objects.filter(department__code=department_code).values_list("pk", flat=True)[:2]
    )
    return clients[0] if len(clients) == 1 else None


def _map_sources(apps, schema_editor):
    """Old sources (customer / staff / logistics / customer_service / system) → EventSource.

    Logistics' and Customer Service's steps without a person came from their system: the
    ``client`` is that department's API client when it has exactly one (else left empty); typed
    in by a clerk from a file (a person is named) they are staff. "system" steps are jobs."""
    OrderEvent = apps.get_model("orders", "OrderEvent")
    for old, department in (("logistics", "LOG"), ("customer_service", "CS")):
        OrderEvent.objects.filter(source=old, actor__isnull=False).update(source="staff")
        OrderEvent.objects.filter(source=old, actor__isnull=True).update(
            source="client", client_id=_sole_client(apps, department)
        )
    OrderEvent.objects.filter(source="system").update(source="job")


class Migration(migrations.Migration):
    dependencies = [("orders", "0002_event_base_fields")]

    operations = [migrations.RunPython(_map_sources, migrations.RunPython.noop)]
