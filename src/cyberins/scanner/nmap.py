"""Optional nmap service detection (``nmap -sV``), used when nmap is installed.

nmap gets only an address and ports the engine already checked against the scope, with name
resolution and host discovery turned off. Its CPEs go through the same aliasing as banners.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import xml.etree.ElementTree as ET  # nmap's own XML output on this machine, not remote input
from collections.abc import Iterable
from dataclasses import dataclass, field

from cyberins.scanner.software import Software, from_cpe


@dataclass
class NmapService:
    port: int
    name: str
    product: str = ""
    version: str = ""
    extrainfo: str = ""
    software: list[Software] = field(default_factory=list)


def available() -> bool:
    return shutil.which("nmap") is not None


def parse_xml(text: str) -> dict[int, NmapService]:
    """Services per open TCP port from ``nmap -oX`` output."""
    root = ET.fromstring(text)  # noqa: S314 - produced locally by the nmap binary
    services: dict[int, NmapService] = {}
    for port in root.iter("port"):
        state = port.find("state")
        if port.get("protocol") != "tcp" or state is None or state.get("state") != "open":
            continue
        number = int(port.get("portid", "0"))
        svc = port.find("service")
        if svc is None:
            continue
        item = NmapService(
            number,
            svc.get("name", ""),
            svc.get("product", ""),
            svc.get("version", ""),
            svc.get("extrainfo", ""),
        )
        source = " ".join(p for p in (item.product, item.version, item.extrainfo) if p)
        for cpe in svc.iter("cpe"):
            software = from_cpe(cpe.text or "", item.version or None, source=f"nmap: {source}")
            if software is not None and cpe.text and cpe.text.startswith("cpe:/a"):
                item.software.append(software)
        services[number] = item
    return services


async def fingerprint(ip: str, ports: Iterable[int], timeout: float) -> dict[int, NmapService]:
    """Run ``nmap -sV`` on the given ports of one address; empty if nmap is missing or fails."""
    port_list = ",".join(str(p) for p in sorted(set(ports)))
    binary = shutil.which("nmap")
    if not binary or not port_list:
        return {}
    process = await asyncio.create_subprocess_exec(
        binary, "-sV", "-Pn", "-n", "--version-light", "-p", port_list, "-oX", "-", ip,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        out, _ = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        return {}
    if process.returncode != 0:
        return {}
    try:
        return parse_xml(out.decode("utf-8", "replace"))
    except ET.ParseError:
        return {}
