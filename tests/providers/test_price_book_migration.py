"""The price book's move from products to providers keeps every item, its id and its price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("products", "0001_initial"), ("policies", "0001_initial"), ("providers", None)]
NEW = [("products", "0003_drop_old_price_book"), ("policies", "0002_service_orders_to_provider_network")]


@pytest.mark.django_db(transaction=True)
def test_items_move_with_ids_and_prices() -> None:
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(OLD)
        old_apps = MigrationExecutor(connection).loader.project_state(OLD[:2]).apps
        old_item = old_apps.get_model("products", "ServiceItem")
        old_item.objects.create(id=7, code="fixed_inspection", name="固定检测", name_en="Fixed inspection",
                               unit="次", unit_price=Decimal("8000.00"))  # fmt: skip
        old_item.objects.create(id=9, code="bespoke", name="定制", name_en="Bespoke", unit="次", unit_price=1)

        executor = MigrationExecutor(connection)
        executor.migrate(NEW)
        new_apps = executor.loader.project_state(NEW).apps
        item_model = new_apps.get_model("providers", "ServiceItem")
        entry_model = new_apps.get_model("providers", "PriceBookEntry")
        moved = {i.id: i for i in item_model.objects.all()}
        assert moved[7].code == "fixed_inspection"
        assert moved[7].accept_within_working_days == 2  # from the catalogue
        assert moved[9].unit == "engagement"
        prices = {(e.item_id, e.unit_price, e.valid_from) for e in entry_model.objects.all()}
        assert prices == {(7, Decimal("8000.00"), date(2024, 1, 1)), (9, Decimal("1.00"), date(2024, 1, 1))}
        fresh = item_model.objects.create(code="new", name="新", name_en="New")
        assert fresh.id > 9  # the sequence continues after the copied ids
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
