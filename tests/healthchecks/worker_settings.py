"""Settings of the worker subprocess in test_worker_recovery: the real settings, slower-to-give-up probes."""

from cyberins.conf.settings import *  # noqa: F403

HEALTHCHECK_SCAN_OPTIONS = {"timeout": 3.0, "service_deadline": 40.0, "use_nmap": False, "sweep_ports": ()}
