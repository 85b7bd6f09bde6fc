"""Serve the web app with gunicorn (a production WSGI server), static files through WhiteNoise."""

from __future__ import annotations

import argparse
import atexit
import os
import subprocess
import sys
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("CYBERINS_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CYBERINS_PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("CYBERINS_WORKERS", "2")))
    # Threads per worker: a request holds the GIL while it computes, so extra threads mostly overlap the
    # waits on PostgreSQL and slow clients; processes are what use more cores.
    parser.add_argument("--threads", type=int, default=default_threads())
    # Seconds an idle keep-alive connection stays open; 0 closes each connection after its response.
    # gthread pins a connection to the process that accepted it: with keep-alive, 20 clients that
    # connect at once mostly land on one process, which then queues their requests behind its GIL
    # while the others idle (benchmarks/quote_api.py: 29-34 quotes/s on 2 workers with 2 s, 58 with 0).
    # Without it each request is accepted by a process that is free. Behind a proxy the clients keep
    # their connections to the proxy either way.
    parser.add_argument("--keepalive", type=int, default=int(os.environ.get("CYBERINS_KEEPALIVE", "0")))
    parser.add_argument(
        "--no-task-worker", action="store_true", help="do not start `cyberins worker` beside the web server"
    )


def default_threads() -> int:
    return int(os.environ.get("CYBERINS_THREADS", "4"))


def collect_static() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def start_task_worker() -> subprocess.Popen[bytes]:
    """The background worker (health-check scans) as a child process, stopped with the server."""
    worker = subprocess.Popen([sys.executable, "-m", "cyberins.cli", "worker"])
    atexit.register(worker.terminate)
    return worker


def serve(host: str, port: int, workers: int, threads: int | None = None, keepalive: int = 0) -> None:
    from gunicorn.app.base import BaseApplication

    from cyberins.conf.wsgi import application

    per_worker = threads or default_threads()

    class Server(BaseApplication):
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": per_worker,
                "accesslog": "-",
                "timeout": 120,
                "keepalive": keepalive,
            }
            if keepalive == 0:
                # A process takes a connection only while it has a free thread: the others wait in the
                # kernel's backlog, first come first served, for whichever process frees a thread first.
                options["worker_connections"] = per_worker
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    collect_static()
    if not args.no_task_worker:
        start_task_worker()
    print(f"Cyberins: http://{args.host}:{args.port}/", flush=True)
    serve(args.host, args.port, args.workers, args.threads, args.keepalive)
    return 0
