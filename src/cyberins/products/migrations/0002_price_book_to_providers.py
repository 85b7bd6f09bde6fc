"""The price book moves to ``providers``: each products.ServiceItem is copied (same id) to
providers.ServiceItem with its price as the standard price-book entry, and plans point at the copy.
products.ServiceItem is dropped in 0003, after policies' service orders point at the copy too."""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models

from cyberins.providers.catalogue import CATALOGUE, PRICE_BOOK_FROM


def copy_price_book(apps, schema_editor):
    Old = apps.get_model("products", "ServiceItem")
    New = apps.get_model("providers", "ServiceItem")
    Entry = apps.get_model("providers", "PriceBookEntry")
    known = {row[0]: row for row in CATALOGUE}
    for old in Old.objects.all():
        spec = known.get(old.code)
        new = New.objects.create(
            id=old.id,
            code=old.code,
            name=old.name,
            name_en=old.name_en,
            unit=spec[3] if spec else "engagement",
            description=old.description,
            remote_allowed=spec[5] if spec else False,
            accept_within_minutes=spec[6] if spec else 0,
            accept_within_working_days=spec[7] if spec else 2,
        )
        if old.unit_price > 0:
            Entry.objects.create(item=new, provider=None, unit_price=old.unit_price, valid_from=PRICE_BOOK_FROM)
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(sql)


def copy_back(apps, schema_editor):
    Old = apps.get_model("products", "ServiceItem")
    New = apps.get_model("providers", "ServiceItem")
    for new in New.objects.all():
        entry = new.prices.filter(provider=None).order_by("-valid_from").first()
        Old.objects.update_or_create(
            id=new.id,
            defaults={
                "code": new.code,
                "name": new.name,
                "name_en": new.name_en,
                "unit": "次",
                "unit_price": entry.unit_price if entry else 0,
                "description": new.description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0001_initial"),
        ("providers", "0001_network"),
    ]

    operations = [
        migrations.RunPython(copy_price_book, copy_back),
        migrations.AlterField(
            model_name="planservice",
            name="service",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="providers.serviceitem"
            ),
        ),
    ]
