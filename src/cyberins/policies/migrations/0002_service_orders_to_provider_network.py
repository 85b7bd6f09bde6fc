"""Service orders point at the provider network's service catalogue (same ids, copied by
products 0002) and at the engagement that delivers them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
        ("products", "0002_price_book_to_providers"),
        ("providers", "0001_network"),
    ]

    operations = [
        migrations.AlterField(
            model_name="serviceorder",
            name="service",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="providers.serviceitem"
            ),
        ),
        migrations.AddField(
            model_name="serviceorder",
            name="engagement",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="service_order",
                to="providers.engagement",
            ),
        ),
    ]
