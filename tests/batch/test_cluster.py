"""The local cluster runs with the batch's lean Dask housekeeping, in its workers too."""

from __future__ import annotations

import pytest

from tadmor.batch.runner import LOCAL_CLUSTER_CONFIG, connect

pytest.importorskip("distributed", reason="tadmor batch needs dask[distributed]")


def _settings() -> dict[str, object]:
    import dask

    return {key: dask.config.get(key) for key in LOCAL_CLUSTER_CONFIG}


def test_local_cluster_workers_get_the_batch_config() -> None:
    before = _settings()
    with connect("local[1]") as client:
        assert client.direct_to_workers  # results do not go through the scheduler
        (worker_settings,) = client.run(_settings).values()
    assert worker_settings == LOCAL_CLUSTER_CONFIG
    assert _settings() == before  # the caller's configuration is left as it was
