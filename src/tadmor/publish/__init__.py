"""Publishing: exports in the formats analysts use. Every export is a custody event."""

from tadmor.publish.exports import EXPORT_FORMATS, export_claims, render_claims

__all__ = ["EXPORT_FORMATS", "export_claims", "render_claims"]
