from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0002_price_book_to_providers"),
        ("policies", "0002_service_orders_to_provider_network"),
    ]

    operations = [
        migrations.DeleteModel(name="ServiceItem"),
    ]
