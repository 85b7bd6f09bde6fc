"""``cyberins policy list/pdf/expire`` on the demo data."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone
from pypdf import PdfReader

from cyberins.cli import main
from cyberins.policies.demo import load_policies
from cyberins.policies.models import Policy
from cyberins.products.demo import load_products
from cyberins.terms import local_date


def test_list_pdf_and_expire(demo, capsys, tmp_path) -> None:
    load_policies(load_products())

    assert main(["policy", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    cosco = next(r for r in rows if r["product"] == "网络安全应急响应保险")
    assert (cosco["plan"], cosco["sum_insured"], cosco["premium"]) == ("A", "190000.00", "26000.00")
    assert {r["product"] for r in rows} == {
        "网络安全应急响应保险",
        "网安保企业网络安全财产保险",
        "数据安全险",
    }

    target = tmp_path / "cosco.pdf"
    assert main(["policy", "pdf", cosco["number"], "-o", str(target)]) == 0
    assert "人民币壹拾玖万元整" in PdfReader(target).pages[0].extract_text()
    assert main(["policy", "pdf", "NO-SUCH", "-o", str(target)]) == 2

    ended = Policy.objects.get(number=cosco["number"])
    Policy.objects.filter(pk=ended.pk).update(last_day=local_date(timezone.now()) - timedelta(days=1))
    capsys.readouterr()
    assert main(["policy", "expire"]) == 0
    assert capsys.readouterr().out.strip() == f"已满期 {cosco['number']}"
    ended.refresh_from_db()
    assert ended.status == "expired"
