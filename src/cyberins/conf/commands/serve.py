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
    parser.add_argument(
        "--no-task-worker", action="store_true", help="do not start `cyberins worker` beside the web server"
    )


def collect_static() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def start_task_worker() -> subprocess.Popen[bytes]:
    """The background worker (health-check scans) as a child process, stopped with the server."""
    worker = subprocess.Popen([sys.executable, "-m", "cyberins.cli", "worker"])
    atexit.register(worker.terminate)
    return worker


def serve(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from cyberins.conf.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": 4,
                "accesslog": "-",
                "timeout": 120,
            }
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
    serve(args.host, args.port, args.workers)
    return 0
