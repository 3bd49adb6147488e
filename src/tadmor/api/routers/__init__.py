"""One router a resource; :mod:`tadmor.api.app` includes them all."""
