"""Rows written before the one event shape get its facts (a separate migration from the schema
change: PostgreSQL refuses to build the new indexes in a transaction that has just updated rows)."""

from django.core.exceptions import FieldError
from django.db import migrations


def _map_sources(apps, schema_editor):
    """Old shipment events and Customer Service updates get who sent them: the API client (as its
    position), else the person who uploaded the file the row came from (staff), else a job."""
    ApiClient = apps.get_model("org", "ApiClient")
    positions = dict(ApiClient.objects.values_list("pk", "position__code"))
    for name in ("ShipmentEvent", "ServiceUpdate"):
        Model = apps.get_model("fulfilment", name)
        for client_id, code in positions.items():
            Model.objects.filter(client_id=client_id).update(source="client", position_code=code)
        from_file = Model.objects.filter(client__isnull=True, sync_row__isnull=False)
        try:  # the file mechanism is being reworked concurrently; its field names may differ
            rows = list(from_file.values_list("pk", "actor_id", "sync_row__sync__uploaded_by_id"))
        except FieldError:
            rows = [(pk, actor, None) for pk, actor in from_file.values_list("pk", "actor_id")]
        for pk, actor_id, uploader_id in rows:
            Model.objects.filter(pk=pk).update(source="staff", actor_id=actor_id or uploader_id)
        Model.objects.filter(client__isnull=True, sync_row__isnull=True, actor__isnull=True).update(
            source="job"
        )


class Migration(migrations.Migration):
    dependencies = [("fulfilment", "0003_event_base_fields")]

    operations = [migrations.RunPython(_map_sources, migrations.RunPython.noop)]
