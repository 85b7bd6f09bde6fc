"""``cyberins vulndb``: the vulnerability-data store that health checks and ``cyberins scan`` read.

``update`` loads files an operator downloaded (no network): NVD CVE JSON 2.0 feeds, the CISA KEV
catalogue, the FIRST EPSS scores (CSV) and endoflife.date release JSON, and records each source's
date; ``status`` shows those dates and which are stale; ``import`` (kept for existing scripts) is
``update --nvd``. The store is ``<VAR_DIR>/`` (``CYBERINS_VAR_DIR``), see
:mod:`cyberins.scanner.vulnstore`.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    update = sub.add_parser("update", help="load downloaded NVD / KEV / EPSS / endoflife.date files")
    update.add_argument(
        "--nvd", nargs="+", default=[], type=Path, metavar="FILE", help="NVD CVE JSON 2.0 (.json[.gz])"
    )
    update.add_argument(
        "--kev", type=Path, metavar="FILE", help="known_exploited_vulnerabilities.json (CISA)"
    )
    update.add_argument("--epss", type=Path, metavar="FILE", help="epss_scores-YYYY-MM-DD.csv[.gz] (FIRST)")
    update.add_argument(
        "--eol",
        nargs="+",
        default=[],
        type=Path,
        metavar="FILE",
        help="endoflife.date release JSON, one per product",
    )
    sub.add_parser("status", help="show the date of each source and whether it is stale")
    importer = sub.add_parser("import", help="import NVD CVE JSON 2.0 feeds (same as update --nvd)")
    importer.add_argument("files", nargs="+", metavar="FILE", type=Path)


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from django.conf import settings

    from cyberins.scanner.vulnstore import STALE_AFTER_DAYS, load_knowledge, stale_sources, update_store

    store = Path(settings.VAR_DIR)
    now = datetime.now(UTC)
    if args.action == "status":
        as_of = load_knowledge(store).as_of
        stale = stale_sources(as_of, now)
        for source, days in STALE_AFTER_DAYS.items():
            flag = " STALE" if source in stale else ""
            day = as_of.get(source, "unknown (not loaded)")
            print(f"{source:10} as of {day}{flag} (stale after {days} days)")
        print(json.dumps({"store": str(store), "stale": stale}))
        return 1 if stale else 0
    files = {"nvd": args.files} if args.action == "import" else {
        "nvd": args.nvd, "kev": args.kev, "epss": args.epss, "endoflife": args.eol
    }  # fmt: skip
    if not any(files.values()):
        print("cyberins vulndb update: name at least one file (--nvd, --kev, --epss, --eol)", file=sys.stderr)
        return 2
    try:
        report = update_store(store, now=now, **files)
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        print(f"cyberins vulndb: {exc} (nothing changed)", file=sys.stderr)
        return 1
    for source, line in report.items():
        print(f"{source}: {line}")
    print(f"store: {store}")
    return 0
