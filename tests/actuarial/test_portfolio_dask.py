"""The same seed gives the same years on a Dask LocalCluster as in one process."""

from __future__ import annotations

import numpy as np
import pytest

from cyberins.actuarial.portfolio import simulate, synthetic_book
from cyberins.actuarial.portfolio.distributed import DaskUnavailable, connect, dask_executor


def test_local_cluster_gives_the_same_result_for_the_same_seed() -> None:
    from distributed import LocalCluster

    book = synthetic_book(2_000, seed=8)
    local = simulate(book, n_years=600, seed=99, block_years=50)
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            protocol="tcp",
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        connect(cluster.scheduler_address) as client,
    ):
        seen: list[int] = []
        remote = simulate(
            book,
            n_years=600,
            seed=99,
            block_years=50,
            executor=dask_executor(client, progress=lambda done, total: seen.append(done)),
        )
    assert np.array_equal(local.total, remote.total)
    assert np.array_equal(local.max_occurrence, remote.max_occurrence)
    assert np.array_equal(local.elt()["Loss"], remote.elt()["Loss"])
    assert local.summary()["pml"] == remote.summary()["pml"]
    assert seen[-1] == 600


def test_unreachable_scheduler_is_a_named_error() -> None:
    with pytest.raises(DaskUnavailable, match="dask: cannot reach"):
        connect("tcp://127.0.0.1:9", timeout=1)
