"""Scale-out: collect + extract on a Dask cluster, one ordered writer into the store.

Workers do the CPU work (reading items, MinHash, the extraction pipeline) and return typed,
picklable records (JSON already serialised); the client process writes them in input order,
many reports a transaction, with bulk inserts that store what the single-process ``tadmor add``
stores (the tests compare the two stores). See :mod:`.runner`.
"""

from tadmor.batch.records import BatchOptions, BatchSummary
from tadmor.batch.runner import run_batch

__all__ = ["BatchOptions", "BatchSummary", "run_batch"]
