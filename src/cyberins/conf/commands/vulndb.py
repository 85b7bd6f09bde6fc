"""``cyberins vulndb import FILE...``: merge NVD CVE JSON 2.0 feeds into the store the scans use.

The store is ``<VAR_DIR>/cve_ranges.json``; every later health check matches software against it
as well as against the curated ranges shipped with the scanner.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    importer = sub.add_parser("import", help="import NVD CVE JSON 2.0 feeds (.json or .json.gz)")
    importer.add_argument("files", nargs="+", metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    from cyberins.healthchecks.results import cve_store_path
    from cyberins.scanner import import_nvd_feeds

    store = cve_store_path()
    store.parent.mkdir(parents=True, exist_ok=True)
    try:
        summary = import_nvd_feeds(args.files, store)
    except (OSError, ValueError) as exc:
        print(f"cyberins vulndb: {exc}", file=sys.stderr)
        return 1
    print(
        f"{summary.files} file(s), {summary.read} CVE records read: {summary.added} added, "
        f"{summary.updated} updated, {summary.unchanged} unchanged, {summary.skipped} skipped; "
        f"{summary.total} in {summary.store_path}"
    )
    return 0
