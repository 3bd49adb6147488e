#!/bin/sh
# Rebuild the web page's bundled assets (run after changing the Leaflet version or the
# basemap code; the outputs are committed, so `pip install` never needs npm or a network).
#   cd web && npm install && npm run build
set -eu
here=$(cd "$(dirname "$0")" && pwd)
static="$here/../src/tadmor/web/static"
dest="$static/vendor/leaflet"
rm -rf "$dest"
mkdir -p "$dest/images"
cp "$here/node_modules/leaflet/dist/leaflet.js" "$here/node_modules/leaflet/dist/leaflet.css" "$dest/"
cp "$here/node_modules/leaflet/dist/images/"*.png "$dest/images/"
cp "$here/node_modules/leaflet/LICENSE" "$dest/LICENSE"
# The offline basemap: country borders from the countryinfo package, simplified.
"${PYTHON:-python}" -m tadmor.web.basemap "$static/world.geojson"
