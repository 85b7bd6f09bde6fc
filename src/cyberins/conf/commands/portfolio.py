"""Portfolio commands: ``portfolio exposure``, ``scenario NAME``, ``simulate``, ``oed`` (OED v4 CSV).

Errors print ``{"code", "message", "field"}`` on stderr and exit 2; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

import numpy as np


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    exposure = sub.add_parser("exposure", help="exposure of the in-force book")
    exposure.add_argument("--by", choices=["cloud", "region", "industry", "software"])
    scenario = sub.add_parser("scenario", help="a scenario's losses on the in-force book")
    scenario.add_argument("name", help="scenario name, or kev with --cve (see docs/portfolio.md)")
    scenario.add_argument("--cve", help="kev: the KEV entry (CVE-YYYY-NNNN) matched to health checks")
    scenario.add_argument("--value", help="the cloud provider or software struck (default: the largest)")
    simulate = sub.add_parser("simulate", help="the stochastic portfolio model")
    simulate.add_argument("--years", type=int, default=10_000)
    simulate.add_argument("--seed", type=int, default=20260101)
    simulate.add_argument("--synthetic", type=int, metavar="N_POLICIES", help="a synthetic book of this size")
    simulate.add_argument("--dask", metavar="ADDRESS", help="run on the Dask scheduler at tcp://host:port")
    oed = sub.add_parser("oed", help="the in-force book as an OED v4 cyber account CSV")
    oed.add_argument("-o", "--output", help="write to this file (default: standard output)")
    for p in (exposure, scenario, simulate, oed):
        p.add_argument("--date", type=date.fromisoformat, help="valuation date (default today)")
        p.add_argument("--json", action="store_true", help="print JSON")


def _progress(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / total)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} years")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _simulate(args: argparse.Namespace, valuation: date) -> dict[str, Any]:
    from cyberins.accounts.errors import DomainError
    from cyberins.analytics import services
    from cyberins.analytics.errors import AnalyticsError

    executor = None
    client = None
    if args.dask:
        from cyberins.actuarial.portfolio.distributed import DaskUnavailable, connect, dask_executor

        try:
            client = connect(args.dask)
        except DaskUnavailable as exc:
            raise DomainError(AnalyticsError.DASK_UNREACHABLE, str(exc), field="dask") from None
        executor = dask_executor(client, progress=_progress if sys.stderr.isatty() else None)
    try:
        result = services.simulate(
            years=args.years,
            seed=args.seed,
            valuation_date=valuation,
            synthetic=args.synthetic,
            executor=executor,
            progress=_progress if sys.stderr.isatty() and executor is None else None,
        )
    finally:
        if client is not None:
            client.close()
    out = result.summary()
    out["valuation_date"] = None if args.synthetic else valuation.isoformat()
    return out


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.utils import timezone

    from cyberins.accounts.errors import DomainError
    from cyberins.analytics import services

    valuation = args.date or timezone.localdate()
    try:
        if args.action == "exposure":
            out = services.exposure(valuation, args.by)
        elif args.action == "scenario" and args.name == "kev":
            from cyberins.analytics.kev import kev_scenario

            out = kev_scenario(args.cve, valuation)
        elif args.action == "scenario":
            out = services.scenario(args.name, valuation, value=args.value)
        elif args.action == "oed":
            from cyberins.analytics.oed import account_csv

            text = account_csv(valuation)
            if args.output:
                with open(args.output, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text)
            else:
                sys.stdout.write(text)
            return 0
        else:
            out = _simulate(args, valuation)
    except DomainError as exc:
        print(json.dumps(exc.as_dict(), ensure_ascii=False), file=sys.stderr)
        return 2
    out = _plain(out)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_text(args.action, out)
    return 0


def _print_text(action: str, out: dict[str, Any]) -> None:
    from django.utils.translation import gettext as _

    if action == "exposure":
        print(
            _("%(date)s  policies %(n)s  sum insured %(total)s")
            % {"date": out["valuation_date"], "n": out["policies"], "total": out["sum_insured"]}
        )
        for dim, table in out["by"].items():
            print(f"\n{dim}")
            for row in table:
                print(
                    f"  {row['value']:<24} {row['policies']:>6} {row['sum_insured']:>18} {row['share']:7.1%}"
                )
        print("\n" + _("top accumulations"))
        for a in out["top_accumulations"]:
            print(f"  {a['dimension']:<9} {a['value']:<24} {a['policies']:>6} {a['sum_insured']:>18}")
    elif action == "scenario":
        print(
            _("%(scenario)s (%(title)s) on %(segment)s %(value)s, %(hours)s h")
            % {
                "scenario": out["scenario"],
                "title": out["title_en"],
                "segment": out["segment"],
                "value": out["value"],
                "hours": f"{out['outage_hours']:g}",
            }
        )
        print("  " + _("affected policies %(n)s") % {"n": out["affected_policies"]})
        print("  " + _("ground-up loss %(amount)s") % {"amount": f"{out['ground_up_loss']:,.2f}"})
        print(
            "  "
            + _("insured loss (all dependents) %(amount)s")
            % {"amount": f"{out['insured_loss_all_dependents']:,.2f}"}
        )
        print(
            "  "
            + _("expected insured loss %(amount)s (share hit %(share)s)")
            % {"amount": f"{out['expected_insured_loss']:,.2f}", "share": f"{out['share_hit']:.0%}"}
        )
        if "kev" in out:
            print(
                "  "
                + _("KEV %(cve)s: %(name)s, added %(added)s")
                % {"cve": out["cve"], "name": out["kev"]["name"], "added": out["kev"]["date_added"]}
            )
            for m in out["matched"]:
                print(f"    {m['number']}  {', '.join(m['software'])}")
        print("  " + _("source: %(source)s") % {"source": out["source"]})
    else:
        print(
            _("years %(years)s  policies %(n)s  seed %(seed)s  synthetic %(synthetic)s")
            % {
                "years": out["n_years"],
                "n": out["n_policies"],
                "seed": out["seed"],
                "synthetic": _("yes") if out["synthetic"] else _("no"),
            }
        )
        print(
            _("mean %(mean)s  (attritional %(attritional)s, systemic %(systemic)s)")
            % {
                "mean": f"{out['mean']:,.0f}",
                "attritional": f"{out['attritional_mean']:,.0f}",
                "systemic": f"{out['systemic_mean']:,.0f}",
            }
        )
        for k, v in out["pml"].items():
            if v is not None:
                print(_("PML %(period)s %(amount)s") % {"period": k, "amount": f"{v:,.0f}"})
        print(
            _("VaR 99.5%% %(var)s   TVaR 99.5%% %(tvar)s")
            % {"var": f"{out['var']['0.995']:,.0f}", "tvar": f"{out['tvar']['0.995']:,.0f}"}
        )
        print(_("capital (VaR 99.5%% - mean) %(amount)s") % {"amount": f"{out['capital']['value']:,.0f}"})
