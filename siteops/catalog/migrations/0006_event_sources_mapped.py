"""Rows written before the one event shape get its facts (a separate migration from the schema
change: PostgreSQL refuses to build the new indexes in a transaction that has just updated rows)."""

from django.db import migrations


def _map_sources(apps, schema_editor):
    """Old rows keep their facts: the free-text source becomes an EventSource; cover → acting."""
    from siteops.core.events import legacy_source

    PriceHistory = apps.get_model("catalog", "PriceHistory")
    for old in list(PriceHistory.objects.values_list("via", flat=True).distinct()):
        for has_actor in (True, False):
            PriceHistory.objects.filter(via=old, actor__isnull=not has_actor).update(
                source=legacy_source(old, has_actor=has_actor, has_client=False)
            )
    ProductEvent = apps.get_model("catalog", "ProductEvent")
    for old in list(ProductEvent.objects.values_list("source", flat=True).distinct()):
        for has_actor in (True, False):
            rows = ProductEvent.objects.filter(source=old, actor__isnull=not has_actor)
            if old == "cover":
                rows.update(acting=True)
            rows.update(source=legacy_source(old, has_actor=has_actor, has_client=False))
    SubmissionRound = apps.get_model("catalog", "SubmissionRound")
    SubmissionRound.objects.filter(client__isnull=False).update(source="client")
    SubmissionRound.objects.filter(client__isnull=True, actor__isnull=True).update(source="job")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_event_base_fields")]

    operations = [migrations.RunPython(_map_sources, migrations.RunPython.noop)]
