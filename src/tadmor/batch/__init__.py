"""Scale-out: collect + extract on a Dask cluster, one ordered writer into the store.

Workers do the CPU work (reading items, MinHash, the extraction pipeline) and return typed,
picklable records; the client process writes them in input order, many reports a transaction,
through the same write halves the single-process ``tadmor add`` uses. See :mod:`.runner`.
"""

from tadmor.batch.records import BatchOptions, BatchSummary
from tadmor.batch.runner import run_batch

__all__ = ["BatchOptions", "BatchSummary", "run_batch"]
