"""Extraction: from a report's working text to claims with spans.

Public interface: :class:`Pipeline` (build with ``Pipeline.from_config()``), the
:func:`register_stage` decorator for new stages, and the typed records in
:mod:`tadmor.extract.records`.
"""

from tadmor.extract.pipeline import DEFAULT_STAGES, Pipeline, Stage, register_stage

__all__ = ["DEFAULT_STAGES", "Pipeline", "Stage", "register_stage"]
