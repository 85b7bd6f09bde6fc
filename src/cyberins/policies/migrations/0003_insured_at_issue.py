from django.db import migrations, models


def snapshot_existing(apps, schema_editor):
    """Policies issued before the snapshot: the best record of the insured is its current profile."""
    Policy = apps.get_model("policies", "Policy")
    for policy in Policy.objects.select_related("insured", "application").iterator():
        answers = policy.application.answers or {}
        policy.insured_name = policy.insured.name
        policy.insured_address = str(answers.get("office_address") or policy.insured.address)[:300]
        policy.save(update_fields=["insured_name", "insured_address"])


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_instalment_status_and_order_health_check"),
    ]

    operations = [
        migrations.AddField(
            model_name="policy",
            name="insured_name",
            field=models.CharField(default="", max_length=200, verbose_name="name of the insured at issue"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="policy",
            name="insured_address",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="address of the insured at issue"
            ),
        ),
        migrations.RunPython(snapshot_existing, migrations.RunPython.noop),
    ]
