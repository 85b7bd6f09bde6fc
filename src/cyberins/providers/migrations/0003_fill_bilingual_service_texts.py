"""Fill the per-language columns django-modeltranslation added to the service catalogue: Chinese from the
existing texts, English names (kept in ``name_en`` already) from the shipped catalogue where missing."""

from django.db import migrations
from django.db.models import F

# code → English name, as in providers/catalogue.py when this migration was written
ENGLISH = {
    "emergency_response": "24/7 emergency response",
    "fixed_inspection": "Fixed inspection (health check)",
    "vulnerability_scan": "Basic vulnerability scan",
    "penetration_test": "Penetration test",
    "hardening": "Security configuration hardening",
    "ddos_protection": "DDoS emergency protection",
    "forensics": "Digital forensics",
    "data_recovery": "Data recovery",
    "crisis_pr": "Crisis public relations",
    "legal_consulting": "Legal consulting",
}


def fill(apps, schema_editor):
    ServiceItem = apps.get_model("providers", "ServiceItem")
    ServiceItem.objects.filter(name_zh_hans__isnull=True).update(name_zh_hans=F("name"))
    ServiceItem.objects.filter(description_zh_hans__isnull=True).update(description_zh_hans=F("description"))
    for item in ServiceItem.objects.filter(code__in=ENGLISH):
        if not item.name_en:
            item.name_en = ENGLISH[item.code]
            item.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("providers", "0002_bilingual_service_texts")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
