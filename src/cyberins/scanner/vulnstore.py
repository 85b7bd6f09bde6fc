"""The one vulnerability-data store both ``cyberins scan`` and the platform's health checks read.

It lives in ``<CYBERINS_VAR_DIR>/`` (default ``./var``, the platform's ``VAR_DIR``) and is filled by
``cyberins vulndb update`` from files an operator downloaded — nothing here touches the network:

================== ============================================ ==========================================
file               source (format)                              "as of"
================== ============================================ ==========================================
cve_ranges.json    NVD CVE API 2.0 / feed JSON (``.json[.gz]``) newest ``lastModified`` among the records
kev.json           CISA KEV catalogue JSON                      ``dateReleased`` (else ``catalogVersion``)
epss.json          FIRST EPSS CSV (``epss_scores-DATE.csv[.gz]``) ``score_date`` of the CSV's first line
endoflife.json     endoflife.date API release JSON, v0 or v1    v1 ``last_modified``/``generated_at``, else
                                                                the file's modification date
sources.json       the "as of" date of each source, when loaded
================== ============================================ ==========================================

What the store lacks comes from the snapshots shipped with the scanner (their own dates). A
source older than :data:`STALE_AFTER_DAYS` at the assessment time is reported as stale.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cyberins.scanner.eol import EolCatalogue
from cyberins.scanner.kev import KEV_PATH, KevCatalogue
from cyberins.scanner.vulndb import VulnDB, import_nvd_feeds, load_store, write_store
from cyberins.scanner.vulns import CURATED_RANGES, Knowledge, shipped_as_of

#: days after which a source counts as stale (KEV and EPSS change daily, NVD hourly; release dates rarely)
STALE_AFTER_DAYS: Mapping[str, int] = {"nvd": 14, "kev": 14, "epss": 14, "endoflife": 90}
SOURCES = ("nvd", "kev", "epss", "endoflife")


def default_store_dir() -> Path:
    """``CYBERINS_VAR_DIR`` or ``./var`` — the same folder as the platform's ``settings.VAR_DIR``."""
    return Path(os.environ.get("CYBERINS_VAR_DIR", Path.cwd() / "var")).resolve()


def _read_text(path: Path) -> str:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return handle.read()
    return path.read_text(encoding="utf-8")


def _write_json(path: Path, payload: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def _day(value: str) -> str:
    """``YYYY-MM-DD`` from an ISO timestamp or a ``YYYY.MM.DD`` catalogue version."""
    day = value.strip()[:10].replace(".", "-")
    date.fromisoformat(day)  # raises ValueError for anything else
    return day


def parse_epss(text: str) -> tuple[str, dict[str, float]]:
    """``(score date, {CVE: probability})`` from an EPSS CSV (``#model_version:…,score_date:…`` first)."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        raise ValueError("not an EPSS CSV: the first line must be '#model_version:...,score_date:...'")
    meta = dict(part.split(":", 1) for part in lines[0].lstrip("#").split(",") if ":" in part)
    if "score_date" not in meta:
        raise ValueError("not an EPSS CSV: no score_date on the first line")
    rows = csv.DictReader(io.StringIO("\n".join(lines[1:])))
    if rows.fieldnames is None or not {"cve", "epss"} <= set(rows.fieldnames):
        raise ValueError("not an EPSS CSV: the header must name the columns cve and epss")
    return _day(meta["score_date"]), {row["cve"].upper(): float(row["epss"]) for row in rows}


def parse_endoflife(data: Any, fallback_name: str) -> tuple[str, list[dict[str, Any]], str | None]:
    """``(product, releases in the shipped front-matter shape, as-of date or None)``.

    v1 (``{"result": {"name", "releases": [{"name", "eolFrom", "isEol", "latest": {"name"}}]}}``)
    and v0 (``[{"cycle", "eol", "latest"}]``) are both accepted."""
    if isinstance(data, dict) and isinstance(data.get("result"), dict):
        result = data["result"]
        releases = [
            {
                "releaseCycle": str(r["name"]),
                "eol": r.get("eolFrom") or bool(r.get("isEol")),
                "latest": (r.get("latest") or {}).get("name"),
            }
            for r in result.get("releases", ())
        ]
        stamp = data.get("last_modified") or data.get("generated_at")
        return str(result.get("name") or fallback_name), releases, _day(stamp) if stamp else None
    if isinstance(data, list) and all(isinstance(r, dict) and "cycle" in r for r in data):
        releases = [
            {"releaseCycle": str(r["cycle"]), "eol": r.get("eol"), "latest": r.get("latest")} for r in data
        ]
        return fallback_name, releases, None
    raise ValueError("not endoflife.date release JSON (expected API v1 'result' or a v0 list of cycles)")


def update_store(
    store_dir: Path,
    *,
    nvd: Iterable[Path] = (),
    kev: Path | None = None,
    epss: Path | None = None,
    endoflife: Iterable[Path] = (),
    now: datetime | None = None,
) -> dict[str, str]:
    """Load the given files into the store; returns one line per source loaded. Every file is read
    and checked before anything is written, so a bad file changes nothing."""
    loaded_at = (now or datetime.now(UTC)).isoformat()
    store_dir.mkdir(parents=True, exist_ok=True)
    sources_path = store_dir / "sources.json"
    sources: dict[str, Any] = json.loads(sources_path.read_text()) if sources_path.exists() else {}
    writes: list[tuple[Path, Any]] = []
    report: dict[str, str] = {}
    if kev is not None:
        data = json.loads(_read_text(kev))
        if not isinstance(data, dict) or not isinstance(data.get("vulnerabilities"), list):
            raise ValueError(f"{kev}: not the CISA KEV catalogue JSON")
        as_of = _day(data.get("dateReleased") or data.get("catalogVersion") or "")
        writes.append((store_dir / "kev.json", data))
        sources["kev"] = {"as_of": as_of, "loaded_at": loaded_at, "file": str(kev)}
        report["kev"] = f"{len(data['vulnerabilities'])} known exploited vulnerabilities, as of {as_of}"
    if epss is not None:
        score_date, scores = parse_epss(_read_text(epss))
        writes.append((store_dir / "epss.json", {"score_date": score_date, "scores": scores}))
        sources["epss"] = {"as_of": score_date, "loaded_at": loaded_at, "file": str(epss)}
        report["epss"] = f"{len(scores)} EPSS scores, as of {score_date}"
    eol_files = list(endoflife)
    if eol_files:
        path = store_dir / "endoflife.json"
        products: dict[str, Any] = json.loads(path.read_text())["products"] if path.exists() else {}
        dates = []
        for file in eol_files:
            stem = file.name.removesuffix(".gz").removesuffix(".json")
            name, releases, stamp = parse_endoflife(json.loads(_read_text(file)), stem)
            products[name] = {"releases": releases}
            dates.append(stamp or datetime.fromtimestamp(file.stat().st_mtime, UTC).date().isoformat())
        writes.append((path, {"products": products}))
        sources["endoflife"] = {
            "as_of": min(dates),
            "loaded_at": loaded_at,
            "file": ", ".join(map(str, eol_files)),
        }
        report["endoflife"] = (
            f"{len(eol_files)} product(s) ({len(products)} in the store), as of {min(dates)}"
        )
    nvd_files = list(nvd)
    if nvd_files:  # last of the checks: it writes its store only after reading every feed
        summary = import_nvd_feeds(nvd_files, store_dir / "cve_ranges.json")
        newest = max((r.last_modified for r in load_store(summary.store_path).values()), default="")
        sources["nvd"] = {"as_of": _day(newest) if newest else loaded_at[:10], "loaded_at": loaded_at}
        report["nvd"] = (
            f"{summary.read} CVE records read: {summary.added} added, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.skipped} without version ranges; "
            f"{summary.total} stored, as of {sources['nvd']['as_of']}"
        )
    for path, payload in writes:
        _write_json(path, payload)
    if report:
        _write_json(sources_path, sources)
    return report


def load_knowledge(store_dir: Path | None = None) -> Knowledge:
    """The shipped snapshots overlaid with whatever the store at ``store_dir`` holds."""
    store_dir = store_dir or default_store_dir()
    as_of = dict(shipped_as_of())
    recorded = (
        json.loads((store_dir / "sources.json").read_text()) if (store_dir / "sources.json").exists() else {}
    )
    as_of.update({k: v["as_of"] for k, v in recorded.items() if k in SOURCES})
    kev_path = store_dir / "kev.json"
    kev = KevCatalogue.from_file(kev_path if kev_path.exists() else KEV_PATH)
    eol = EolCatalogue.from_file()
    if (store_dir / "endoflife.json").exists():
        extra = json.loads((store_dir / "endoflife.json").read_text())["products"]
        eol = EolCatalogue({**eol.products, **{k: v["releases"] for k, v in extra.items()}})
    epss: dict[str, float] = {}
    if (store_dir / "epss.json").exists():
        epss = json.loads((store_dir / "epss.json").read_text())["scores"]
    vulndb = VulnDB.from_files([CURATED_RANGES, store_dir / "cve_ranges.json"])
    return Knowledge(vulndb, kev, eol, epss=epss, as_of=as_of)


def stale_sources(as_of: Mapping[str, str], now: datetime) -> list[str]:
    """The sources older than :data:`STALE_AFTER_DAYS` at ``now`` (or of unknown date)."""
    today = now.date()
    return [
        s
        for s in SOURCES
        if s != "epss" or s in as_of  # no EPSS data at all is not "stale": it is simply not used
        if s not in as_of or (today - date.fromisoformat(as_of[s])).days > STALE_AFTER_DAYS[s]
    ]


__all__ = [
    "STALE_AFTER_DAYS",
    "default_store_dir",
    "load_knowledge",
    "stale_sources",
    "update_store",
    "write_store",
]
