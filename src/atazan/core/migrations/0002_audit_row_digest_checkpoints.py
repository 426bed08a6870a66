"""Row digests in audit entries, published checkpoints, and the head row made by the migration.

Until now the head row was created by the first record(), so a missing head
could pass for a fresh log. From here on the migration creates it for an empty
log, and verification reports a missing head as a break. A log that already has
entries but no head row is left as it is: healing it here would hide the break.
"""

from django.db import migrations, models


def create_head(apps, schema_editor):  # type: ignore[no-untyped-def]
    head = apps.get_model("core", "AuditHead")
    entry = apps.get_model("core", "AuditEntry")
    db = schema_editor.connection.alias
    if not head.objects.using(db).filter(pk=1).exists() and not entry.objects.using(db).exists():
        head.objects.using(db).create(pk=1, last_sequence=0, last_hash="0" * 64)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="row_digest",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sequence", models.PositiveBigIntegerField(verbose_name="sequence")),
                ("entry_hash", models.CharField(max_length=64, verbose_name="entry hash")),
                ("key_id", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(verbose_name="created at")),
                ("document", models.TextField()),
            ],
            options={
                "ordering": ["-sequence", "-created_at"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("sequence", "key_id", "created_at"), name="unique_audit_checkpoint"
                    )
                ],
            },
        ),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
