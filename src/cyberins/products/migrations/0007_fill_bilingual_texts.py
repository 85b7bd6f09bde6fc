"""Fill the per-language columns django-modeltranslation added: the Chinese ones from the existing texts
(Chinese was the only language stored so far) and the English plan names of the shipped products
("方案A" → "Plan A", the seed policy's "Insurance Plan A"). ``Product.name_en`` already held the English
names and is kept as it is."""

import re

from django.db import migrations
from django.db.models import F

PLAN_NAME = re.compile(r"^方案\s*([A-Za-z0-9]+)$")


def fill(apps, schema_editor):
    Product = apps.get_model("products", "Product")
    Plan = apps.get_model("products", "Plan")
    Product.objects.filter(name_zh_hans__isnull=True).update(name_zh_hans=F("name"))
    Product.objects.filter(description_zh_hans__isnull=True).update(description_zh_hans=F("description"))
    Plan.objects.filter(name_zh_hans__isnull=True).update(name_zh_hans=F("name"))
    for plan in Plan.objects.filter(name_en__isnull=True):
        match = PLAN_NAME.match(plan.name)
        if match:
            plan.name_en = f"Plan {match.group(1)}"
            plan.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("products", "0006_bilingual_texts")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
