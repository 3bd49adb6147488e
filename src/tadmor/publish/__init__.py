"""Publishing: claims as flat records (:mod:`.claims`) and exports in the formats analysts use
(:mod:`.exports`). Every export is a custody event. Submodules are imported where used, so the
CLI starts without loading what exports need."""
