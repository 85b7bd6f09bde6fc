"""``cyberins price FILE``: read a pricing request as JSON (``-`` for stdin), print JSON.

The input format is documented in ``docs/actuarial.md``. A bad request prints
``error: <field> ...`` on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from cyberins.actuarial._validation import probability_open
from cyberins.actuarial.aggregate import fft_aggregate, panjer_aggregate
from cyberins.actuarial.montecarlo import monte_carlo
from cyberins.actuarial.premium import loadings_from_dict, price, services_from_list
from cyberins.actuarial.results import AggregateResult
from cyberins.actuarial.spec import PricingRequest, parse_request


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cyberins price``."""
    parser.add_argument("file", metavar="FILE", help="JSON pricing request, or - for standard input")
    parser.add_argument("--indent", type=int, default=2, help="JSON indentation (default 2; 0 for one line)")


def compute(request: PricingRequest) -> AggregateResult:
    """The aggregate distribution of a parsed request by its method.

    The lattice is refined for every quantile that will be read: those asked for and the
    premium's capital quantile.
    """
    f, s, t = request.frequency, request.severity, request.terms
    qs = tuple(request.quantiles)
    if request.premium is not None:
        qs += (probability_open("premium.capital_quantile", request.premium.get("capital_quantile", 0.995)),)
    bpl = request.buckets_per_layer
    if request.method == "panjer":
        return panjer_aggregate(f, s, t, buckets_per_layer=bpl, quantiles=qs)
    if request.method == "montecarlo":
        return monte_carlo(f, s, t, n_years=request.n_years, seed=request.seed)
    return fft_aggregate(f, s, t, buckets_per_layer=bpl, quantiles=qs)


def price_json(data: object) -> dict[str, Any]:
    """Price one JSON request and return the JSON answer (raises ValueError on bad input)."""
    request = parse_request(data)
    result = compute(request)
    out = result.summary(request.quantiles)
    out["grid"] = {
        k: (v if not isinstance(v, float) or math.isfinite(v) else None)
        for k, v in result.info.items()
        if k != "seed"
    }
    if request.premium is not None:
        loadings = loadings_from_dict(request.premium)
        quote = price(
            result,
            loadings,
            sum_insured=request.premium.get("sum_insured"),
            services=services_from_list(request.premium.get("services")),
            assumption_set=request.extra.get("assumption_set"),
        )
        out["premium"] = quote.to_dict()
    for key in ("id", "assumption_set"):
        if key in request.extra:
            out[key] = request.extra[key]
    _check_finite(out)
    return out


def _check_finite(value: object, path: str = "result") -> None:
    """Never print a silent NaN: a non-finite number in the answer is an error."""
    if isinstance(value, float) and math.isnan(value):
        raise ValueError(f"{path} is NaN: the inputs give no finite answer")
    if isinstance(value, dict):
        for k, v in value.items():
            _check_finite(v, f"{path}.{k}")


def run(args: argparse.Namespace) -> int:
    """Entry point called by ``cyberins.cli.main``."""
    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        print(f"error: invalid JSON: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        out = price_json(data)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(out, indent=args.indent or None, ensure_ascii=False, allow_nan=False))
    return 0


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in the request: give finite numbers")
