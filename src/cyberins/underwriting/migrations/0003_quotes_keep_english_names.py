"""Quotes priced before plan and service names were kept in both languages: add the English names
(``plan_name_en``, each service's ``name_en``) from the product version and the catalogue, so that an old
quote reads in English too. The Chinese names the quote was priced with are left as they were."""

from django.db import migrations


def add_english(apps, schema_editor):
    Quote = apps.get_model("underwriting", "Quote")
    Plan = apps.get_model("products", "Plan")
    ServiceItem = apps.get_model("providers", "ServiceItem")
    services = {code: name for code, name in ServiceItem.objects.values_list("code", "name_en") if name}
    for quote in Quote.objects.select_related("application").iterator():
        plans = dict(
            Plan.objects.filter(version_id=quote.application.product_version_id).values_list("code", "name_en")
        )
        changed = False
        for option in quote.options:
            if "plan_name_en" not in option and plans.get(option.get("plan")):
                option["plan_name_en"] = plans[option["plan"]]
                changed = True
            for service in option.get("services", []):
                if "name_en" not in service and service.get("code") in services:
                    service["name_en"] = services[service["code"]]
                    changed = True
        if changed:
            quote.save(update_fields=["options"])


class Migration(migrations.Migration):
    dependencies = [
        ("underwriting", "0002_health_modifier"),
        ("products", "0007_fill_bilingual_texts"),
        ("providers", "0003_fill_bilingual_service_texts"),
    ]

    operations = [migrations.RunPython(add_english, migrations.RunPython.noop)]
