"""CVE version ranges: the JSON store, matching software against it, and the NVD feed importer.

Store format (``cyberins-cve-ranges/1``)::

    {"format": "cyberins-cve-ranges/1",
     "cves": {"CVE-2021-41773": {"cvss": 7.5, "cwes": ["CWE-22"], "summary": "...",
                                 "last_modified": "2025-...",
                                 "ranges": [{"cpe": "apache:http_server", "version": "2.4.49"},
                                            {"cpe": "openbsd:openssh", "end_excluding": "9.3p2"}]}}}

A range holds either an exact ``version`` or any of ``start_including``, ``start_excluding``,
``end_including``, ``end_excluding`` (NVD CVE JSON 2.0 ``cpeMatch`` semantics).
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cyberins.scanner.software import Software, Version, canonical_cpe

FORMAT = "cyberins-cve-ranges/1"
_BOUNDS = ("start_including", "start_excluding", "end_including", "end_excluding")
_NVD_BOUNDS = {
    "versionStartIncluding": "start_including",
    "versionStartExcluding": "start_excluding",
    "versionEndIncluding": "end_including",
    "versionEndExcluding": "end_excluding",
}


@dataclass(frozen=True)
class VersionRange:
    cpe: str
    version: str | None = None
    start_including: str | None = None
    start_excluding: str | None = None
    end_including: str | None = None
    end_excluding: str | None = None

    def contains(self, version: str) -> bool:
        v = Version(version)
        if self.version is not None:
            return v == Version(self.version)
        if self.start_including and v < Version(self.start_including):
            return False
        if self.start_excluding and v <= Version(self.start_excluding):
            return False
        if self.end_including and v > Version(self.end_including):
            return False
        return not (self.end_excluding and v >= Version(self.end_excluding))

    def to_json(self) -> dict[str, str]:
        data = {"cpe": self.cpe}
        for key in ("version", *_BOUNDS):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class CveRecord:
    id: str
    cvss: float | None
    cwes: tuple[str, ...]
    summary: str
    ranges: tuple[VersionRange, ...]
    last_modified: str = ""

    @classmethod
    def from_json(cls, cve_id: str, data: Mapping[str, Any]) -> CveRecord:
        ranges = tuple(
            VersionRange(canonical_cpe(r["cpe"]), r.get("version"), *(r.get(k) for k in _BOUNDS))
            for r in data.get("ranges", ())
        )
        return cls(
            cve_id,
            data.get("cvss"),
            tuple(data.get("cwes", ())),
            data.get("summary", ""),
            ranges,
            data.get("last_modified", ""),
        )

    def affects(self, software: Software) -> bool:
        """True when one of the ranges names this product and includes its version. A product of
        unknown vendor (``"*:product"``, see :func:`software.from_display`) matches on the product."""
        vendor, _sep, product = software.cpe.partition(":")
        return any(
            (r.cpe == software.cpe or (vendor == "*" and r.cpe.partition(":")[2] == product))
            and r.contains(software.version)
            for r in self.ranges
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "cvss": self.cvss,
            "cwes": list(self.cwes),
            "summary": self.summary,
            "last_modified": self.last_modified,
            "ranges": [r.to_json() for r in self.ranges],
        }


class VulnDB:
    """CVE records indexed by canonical CPE vendor:product."""

    def __init__(self, records: Iterable[CveRecord] = ()) -> None:
        self.records: dict[str, CveRecord] = {}
        self._by_cpe: dict[str, list[CveRecord]] = {}
        for record in records:
            self.add(record)

    def add(self, record: CveRecord) -> None:
        old = self.records.get(record.id)
        if old is not None and old.last_modified > record.last_modified:
            return
        self.records[record.id] = record
        self._by_cpe = {}

    def _index(self) -> dict[str, list[CveRecord]]:
        if not self._by_cpe:
            for record in self.records.values():
                for cpe in {r.cpe for r in record.ranges}:
                    self._by_cpe.setdefault(cpe, []).append(record)
        return self._by_cpe

    @classmethod
    def from_files(cls, paths: Iterable[Path | str]) -> VulnDB:
        db = cls()
        for path in paths:
            for record in load_store(Path(path)).values():
                db.add(record)
        return db

    def match(self, software: Software) -> list[CveRecord]:
        """CVEs whose ranges include this product version, highest CVSS first."""
        hits = [
            record
            for record in self._index().get(canonical_cpe(software.cpe), [])
            if any(r.cpe == software.cpe and r.contains(software.version) for r in record.ranges)
        ]
        return sorted(hits, key=lambda r: (-(r.cvss or 0.0), r.id))


def load_store(path: Path) -> dict[str, CveRecord]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} store")
    return {cve_id: CveRecord.from_json(cve_id, rec) for cve_id, rec in data.get("cves", {}).items()}


def write_store(path: Path, records: Mapping[str, CveRecord]) -> None:
    """Write atomically (temporary file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": FORMAT, "cves": {k: records[k].to_json() for k in sorted(records)}}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=1)
    Path(tmp).replace(path)


# --- NVD CVE JSON 2.0 importer ---------------------------------------------------------------


def _cvss(metrics: Mapping[str, Any]) -> float | None:
    for key in ("cvssMetricV31", "cvssMetricV30", "cvssMetricV40", "cvssMetricV2"):
        entries = metrics.get(key) or []
        primary = [e for e in entries if e.get("type") == "Primary"] or entries
        if primary:
            score = primary[0].get("cvssData", {}).get("baseScore")
            if score is not None:
                return float(score)
    return None


def _cpe_matches(nodes: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for node in nodes:
        yield from node.get("cpeMatch", ())
        yield from _cpe_matches(node.get("children", ()))


def _range_from_match(match: Mapping[str, Any]) -> VersionRange | None:
    if not match.get("vulnerable", False):
        return None
    parts = match.get("criteria", "").split(":")
    if len(parts) < 6 or parts[:2] != ["cpe", "2.3"] or parts[2] not in ("a", "o"):
        return None
    cpe = canonical_cpe(f"{parts[3]}:{parts[4]}")
    version, update = parts[5], parts[6] if len(parts) > 6 else "*"
    bounds = {ours: match[theirs] for theirs, ours in _NVD_BOUNDS.items() if match.get(theirs)}
    if version not in ("*", "-", ""):
        exact = version + (update if update not in ("*", "-", "") else "")
        return VersionRange(cpe, version=exact)
    return VersionRange(cpe, **bounds)


def parse_nvd_feed(data: Mapping[str, Any]) -> Iterator[CveRecord]:
    """CVE records from one NVD CVE JSON 2.0 document (feed file or API page)."""
    for item in data.get("vulnerabilities", ()):
        cve = item.get("cve", {})
        ranges: list[VersionRange] = []
        for config in cve.get("configurations", ()):
            for match in _cpe_matches(config.get("nodes", ())):
                rng = _range_from_match(match)
                if rng is not None and rng not in ranges:
                    ranges.append(rng)
        summary = next((d["value"] for d in cve.get("descriptions", ()) if d.get("lang") == "en"), "")
        cwes = sorted(
            {
                d["value"]
                for w in cve.get("weaknesses", ())
                for d in w.get("description", ())
                if str(d.get("value", "")).startswith("CWE-")
            }
        )
        yield CveRecord(
            cve.get("id", ""),
            _cvss(cve.get("metrics", {})),
            tuple(cwes),
            summary,
            tuple(ranges),
            cve.get("lastModified", ""),
        )


@dataclass(frozen=True)
class ImportSummary:
    files: int
    read: int
    added: int
    updated: int
    unchanged: int
    #: CVEs without any vulnerable application/OS version range (nothing to match)
    skipped: int
    total: int
    store_path: Path


def _read_json(path: Path) -> Any:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    return json.loads(path.read_text(encoding="utf-8"))


def import_nvd_feeds(paths: Iterable[Path | str], store_path: Path | str) -> ImportSummary:
    """Parse NVD CVE JSON 2.0 files (``.json`` or ``.json.gz``) and merge them into the store.

    A record replaces the stored one only when its ``lastModified`` is newer.
    """
    store_path = Path(store_path)
    records = load_store(store_path)
    files = read = added = updated = unchanged = skipped = 0
    for path in paths:
        files += 1
        for record in parse_nvd_feed(_read_json(Path(path))):
            read += 1
            if not record.id or not record.ranges:
                skipped += 1
                continue
            old = records.get(record.id)
            if old is None:
                added += 1
            elif old.last_modified >= record.last_modified:
                unchanged += 1
                continue
            else:
                updated += 1
            records[record.id] = record
    write_store(store_path, records)
    return ImportSummary(files, read, added, updated, unchanged, skipped, len(records), store_path)
