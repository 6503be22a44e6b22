"""Rows written before the one event shape get its facts (a separate migration from the schema
change: PostgreSQL refuses to build the new indexes in a transaction that has just updated rows)."""

from django.db import migrations


def _map_sources(apps, schema_editor):
    """Old plan events: a system's → client, a person's → staff, neither → job; a submitted
    plan's ``submitted_acting`` comes from its latest "submitted" event."""
    PlanEvent = apps.get_model("merch", "PlanEvent")
    PlanEvent.objects.filter(client__isnull=False).update(source="client")
    PlanEvent.objects.filter(client__isnull=True, actor__isnull=True).update(source="job")
    ShelfPlan = apps.get_model("merch", "ShelfPlan")
    for plan_id in (
        PlanEvent.objects.filter(to_status="submitted", acting=True)
        .values_list("plan_id", flat=True)
        .distinct()
    ):
        last = PlanEvent.objects.filter(plan_id=plan_id, to_status="submitted").order_by(
            "-at", "-pk"
        )
        if last.values_list("acting", flat=True).first():
            ShelfPlan.objects.filter(pk=plan_id).update(submitted_acting=True)


class Migration(migrations.Migration):
    dependencies = [("merch", "0005_event_base_fields")]

    operations = [migrations.RunPython(_map_sources, migrations.RunPython.noop)]
