"""A project's issued points kept on its row (every ``earn`` entry's points), so that a claim's
budget check is one conditional UPDATE — exact under concurrency — rather than a sum over the
project's ledger. Filled from the entries already posted."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Project = apps.get_model("loyalty", "Project")
    LedgerEntry = apps.get_model("loyalty", "LedgerEntry")
    earned = (
        LedgerEntry.objects.filter(project=OuterRef("pk"), kind="earn")
        .order_by()
        .values("project")
        .annotate(s=Sum("points"))
        .values("s")
    )
    Project.objects.update(
        issued_points=Coalesce(Subquery(earned, output_field=models.BigIntegerField()), 0)
    )


class Migration(migrations.Migration):
    dependencies = [("loyalty", "0005_points_claims")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="issued_points",
            field=models.BigIntegerField(default=0, editable=False, verbose_name="points issued"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
