"""Run the portfolio simulation's year blocks on a Dask cluster.

Every block carries its own seed (``SeedSequence(seed, spawn_key=(block,))``), so a cluster
of any size returns exactly the years a single process returns for the same seed. The book
is scattered to the workers once; each task returns one block's (small) result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from cyberins.actuarial.portfolio.book import Book
from cyberins.actuarial.portfolio.scenarios import Scenario
from cyberins.actuarial.portfolio.simulate import BlockResult, Executor, SimulationConfig, simulate_block


class DaskUnavailable(ValueError):
    """Dask is not installed or the scheduler cannot be reached."""


def connect(address: str, *, timeout: float = 10.0) -> Any:
    """A ``distributed.Client`` for ``address`` (``tcp://host:port``), or :class:`DaskUnavailable`."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - dask is a dev dependency
        raise DaskUnavailable("dask: the distributed package is not installed") from None
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskUnavailable(f"dask: cannot reach the scheduler at {address!r} ({exc})") from None


def _run_block(
    book: Book, scenarios: Sequence[Scenario], seed: int, block: int, start: int, years: int
) -> BlockResult:
    return simulate_block(book, scenarios, seed, block, start, years)


def dask_executor(client: Any, progress: Callable[[int, int], None] | None = None) -> Executor:
    """An executor for :func:`cyberins.actuarial.portfolio.simulate` that maps blocks on ``client``."""

    def execute(
        book: Book,
        scenarios: Sequence[Scenario],
        config: SimulationConfig,
        plan: list[tuple[int, int, int]],
    ) -> Iterable[BlockResult]:
        from distributed import as_completed

        [book_f] = client.scatter([book], broadcast=True)
        futures = [
            client.submit(_run_block, book_f, scenarios, config.seed, b, start, years, pure=False)
            for b, start, years in plan
        ]
        done = 0
        results: list[BlockResult] = []
        for future in as_completed(futures):
            part: BlockResult = future.result()
            results.append(part)
            done += part.total.size
            if progress is not None:
                progress(done, config.n_years)
        return results

    return execute
