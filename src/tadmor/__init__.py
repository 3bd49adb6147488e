"""tadmor: contested war reports in, a verified, mapped, source-attributed record out.

The package folders follow the pipeline: ``collect`` (bytes, hashes, custody) ->
``extract`` (claims with spans) -> ``store`` (SQLAlchemy, ledger) and the ``cli``.
``geo`` is the offline gazetteer used by extraction.
"""

__version__ = "0.1.0"
