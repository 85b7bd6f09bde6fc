"""Bad input is a ValueError naming the parameter; the CLI prints JSON or an error and exits non-zero."""

from __future__ import annotations

import copy
import io
import json
import math

import pytest

from cyberins.actuarial import Lognormal, NegativeBinomial, Poisson, PolicyTerms, fft_aggregate, price_batch
from cyberins.actuarial.spec import parse_request
from cyberins.cli import main

from .conftest import TARGET, TARGET_REQUEST


def _with(path: str, value: object) -> dict:
    req = copy.deepcopy(TARGET_REQUEST)
    node = req
    *parents, leaf = path.split(".")
    for p in parents:
        node = node[p]
    node[leaf] = value
    return req


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("severity.sigma", -2.0, "severity.sigma"),
        ("severity.sigma", float("nan"), "severity.sigma"),
        ("severity.median", 0, "severity.median"),
        ("frequency.mean", -0.3, "frequency.mean"),
        ("frequency.dist", "zipf", "frequency.dist"),
        ("severity.dist", "cauchy", "severity.dist"),
        ("terms.deductible", -1, "terms.deductible"),
        ("terms.limit_basis", "sideways", "terms.limit_basis"),
        ("terms.share", 1.5, "terms.share"),
        ("quantiles", [0.99, 1.0], "quantiles[1]"),
        ("method", "guess", "method"),
    ],
)
def test_bad_input_names_the_parameter(path, value, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_request(_with(path, value))


def test_inconsistent_terms_and_parameters():
    with pytest.raises(ValueError, match=r"terms.limit .* must exceed terms.deductible"):
        PolicyTerms(100_000, 50_000, "ground_up")
    with pytest.raises(ValueError, match=r"frequency\.variance must exceed"):
        NegativeBinomial(1.0, 0.5)
    with pytest.raises(ValueError, match=r"frequency\.p"):
        parse_request({**TARGET_REQUEST, "frequency": {"dist": "bernoulli", "p": 1.2}})
    with pytest.raises(ValueError, match=r"severity\.mu"):
        Lognormal(float("inf"), 1.0)


def test_cli_prints_the_reference_case(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(TARGET_REQUEST))
    assert main(["price", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mean"] == pytest.approx(TARGET["mean"], rel=1e-6)
    assert out["std"] == pytest.approx(TARGET["std"], rel=1e-5)
    assert out["p_zero"] == pytest.approx(TARGET["p_zero"], abs=5e-7)
    assert out["var"] == {"0.99": 5e6, "0.995": 5e6}
    assert out["tvar"]["0.995"] == pytest.approx(TARGET["tvar995"], rel=1e-4)


def test_cli_reads_stdin_and_prices_with_loads(monkeypatch, capsys):
    req = {
        **TARGET_REQUEST,
        "method": "panjer",
        "premium": {
            "risk_load_method": "cost_of_capital",
            "cost_of_capital_rate": 0.1,
            "expense_ratio": 0.2,
            "sum_insured": 5_000_000,
            "services": [{"code": "emergency_response", "unit_price": 8000}],
        },
    }
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(req)))
    assert main(["price", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    prem = out["premium"]
    expected = (out["mean"] + 0.1 * (out["tvar"]["0.995"] - out["mean"])) / 0.8
    assert float(prem["gross_premium"]) == pytest.approx(expected, abs=0.01)
    assert prem["service_price"] == "8000.00"
    assert float(prem["total_premium"]) == pytest.approx(float(prem["insurance_premium"]) + 8000)


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(_with("severity.sigma", -2.0)),
        '{"frequency": {"dist": "poisson", "mean": NaN}, '
        '"severity": {"dist": "gamma", "shape": 1, "scale": 1}}',
        "{not json",
        json.dumps({"severity": {"dist": "gamma", "shape": 1, "scale": 1}}),
    ],
)
def test_cli_errors_exit_non_zero(monkeypatch, capsys, text):
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert main(["price", "-"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("error: ")


def test_cli_montecarlo_method(tmp_path, capsys):
    path = tmp_path / "mc.json"
    path.write_text(json.dumps({**TARGET_REQUEST, "method": "montecarlo", "n_years": 200_000, "seed": 1}))
    assert main(["price", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == "montecarlo"
    assert abs(out["mean"] - TARGET["mean"]) < 4 * TARGET["std"] / math.sqrt(200_000)


def test_batch_equals_single_policy_pricing():
    reqs = [_with("frequency.mean", m) for m in (0.05, 0.3, 1.0, 2.5)] + [
        {
            **TARGET_REQUEST,
            "frequency": {"dist": "negbin", "mean": 0.5, "variance": 1.0},
            "terms": {"deductible": 0, "limit": 1e6, "limit_basis": "ground_up", "aggregate_limit": 2e6},
        },
        {
            **TARGET_REQUEST,
            "severity": {"dist": "weibull", "shape": 0.5, "scale": 1e5},
            "terms": {"deductible": 1e4, "limit": 2e6, "share": 0.6},
        },
    ]
    batch = price_batch(reqs)
    assert len(batch) == len(reqs)
    for i, raw in enumerate(reqs):
        r = parse_request(raw)
        single = fft_aggregate(r.frequency, r.severity, r.terms)
        row = batch.row(i)
        assert row["mean"] == pytest.approx(single.mean, rel=1e-9)
        assert row["std"] == pytest.approx(single.std, rel=1e-8)
        assert row["p_zero"] == pytest.approx(single.p_zero, rel=1e-9)
        assert row["tvar"]["0.995"] == pytest.approx(single.tvar(0.995), rel=1e-8)
        assert row["var"]["0.99"] == single.var(0.99)
    assert Poisson(0.3).mean == 0.3
