#!/bin/sh
# Copy the compiled NHS.UK frontend from node_modules into static/vendor/nhsuk-frontend/, and
# GOV.UK's accessible-autocomplete into static/vendor/accessible-autocomplete/ (see the end).
#
# Run after `npm install` whenever either version in package.json changes:
#     npm ci && sh scripts/vendor_frontend.sh
#
# There is no JavaScript build step in this project: the compiled, minified files are committed.
# Three small rewrites keep the vendored copy self-contained and safe for
# Django's ManifestStaticFilesStorage (which fails collectstatic on a missing url() target):
#   1. url(/assets/...) becomes url(assets/...), relative to the CSS file, so the icons resolve
#      under STATIC_URL instead of the site root.
#   2. sourceMappingURL comments are removed (the .map files are not vendored).
#   3. Unless NHSUK_FONTS=nhs, the @font-face rules that load Frutiger from assets.nhs.uk are
#      removed: pages then use Arial, the NHS identity fallback font, make no third-party
#      requests, and need no font-src exception in the Content Security Policy.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC="$ROOT/node_modules/nhsuk-frontend"
DEST="$ROOT/static/vendor/nhsuk-frontend"
NHSUK_FONTS="${NHSUK_FONTS:-system}"

if [ ! -f "$SRC/package.json" ]; then
    echo "nhsuk-frontend is not installed: run 'npm ci' first." >&2
    exit 1
fi

VERSION=$(node -p "require('$SRC/package.json').version")
DIST="$SRC/dist/nhsuk"

rm -rf "$DEST"
mkdir -p "$DEST/assets/images"

NHSUK_FONTS="$NHSUK_FONTS" node - "$DIST/nhsuk-frontend.min.css" "$DEST/nhsuk-frontend.min.css" <<'JS'
const fs = require("fs");
const [src, dest] = process.argv.slice(2);
let css = fs.readFileSync(src, "utf8");
css = css.replace(/url\(\s*(["']?)\/assets\//g, "url($1assets/");
css = css.replace(/\/\*#\s*sourceMappingURL=[^*]*\*\//g, "");
if (process.env.NHSUK_FONTS !== "nhs") {
  css = css.replace(/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}/g, "");
}
fs.writeFileSync(dest, css.trimEnd() + "\n");
JS

node - "$DIST/nhsuk-frontend.min.js" "$DEST/nhsuk-frontend.min.js" <<'JS'
const fs = require("fs");
const [src, dest] = process.argv.slice(2);
const js = fs.readFileSync(src, "utf8").replace(/\/\/# sourceMappingURL=\S*\s*$/, "");
fs.writeFileSync(dest, js.trimEnd() + "\n");
JS

# Images: the ones the CSS refers to, plus the favicons and app icons that base.html links to.
IMAGES=$(grep -o 'url(assets/images/[^)]*)' "$DEST/nhsuk-frontend.min.css" | sed 's/^url(assets\/images\///; s/)$//' | sort -u)
for image in $IMAGES favicon.ico favicon.svg nhsuk-icon-mask.svg nhsuk-icon-180.png nhsuk-icon-192.png nhsuk-icon-512.png; do
    cp "$DIST/assets/images/$image" "$DEST/assets/images/$image"
done
cp "$DIST/assets/manifest.json" "$DEST/assets/manifest.json"

# The npm package carries no licence file (its package.json and README declare MIT), so
# write the upstream repository's LICENSE text.
LICENSE_NAME=$(node -p "require('$SRC/package.json').license")
if [ "$LICENSE_NAME" != "MIT" ]; then
    echo "nhsuk-frontend licence is now '$LICENSE_NAME', not MIT: update LICENSE by hand." >&2
    exit 1
fi
cat > "$DEST/LICENSE" <<'LICENSE'
MIT License

Copyright (c) 2019 NHS.UK

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE

echo "$VERSION" > "$DEST/VERSION"

# Fail loudly if any url() in the CSS points at a file we did not copy.
missing=0
for ref in $(grep -o 'url([^)]*)' "$DEST/nhsuk-frontend.min.css" | sed 's/^url(//; s/)$//; s/^["'\'']//; s/["'\'']$//' | sort -u); do
    case "$ref" in
        data:*|http:*|https:*|\#*) continue ;;
    esac
    if [ ! -f "$DEST/$ref" ]; then
        echo "missing vendored file for url($ref)" >&2
        missing=1
    fi
done
[ "$missing" -eq 0 ] || exit 1

echo "Vendored nhsuk-frontend $VERSION into ${DEST#"$ROOT"/} ($(du -sh "$DEST" | cut -f1))"

# accessible-autocomplete: the compiled script (a UMD bundle that sets self.accessibleAutocomplete,
# so static/js/app.js can import it) and its stylesheet, without their source map comments, and
# the licence file the package ships. static/css/app.css restyles it to NHS.UK inputs.
SRC="$ROOT/node_modules/accessible-autocomplete"
DEST="$ROOT/static/vendor/accessible-autocomplete"
if [ ! -f "$SRC/package.json" ]; then
    echo "accessible-autocomplete is not installed: run 'npm ci' first." >&2
    exit 1
fi
VERSION=$(node -p "require('$SRC/package.json').version")
rm -rf "$DEST"
mkdir -p "$DEST"
for file in accessible-autocomplete.min.js accessible-autocomplete.min.css; do
    node - "$SRC/dist/$file" "$DEST/$file" <<'JS'
const fs = require("fs");
const [src, dest] = process.argv.slice(2);
const text = fs.readFileSync(src, "utf8")
  .replace(/\/\/# sourceMappingURL=\S*\s*$/, "")
  .replace(/\/\*#\s*sourceMappingURL=[^*]*\*\/\s*$/, "");
fs.writeFileSync(dest, text.trimEnd() + "\n");
JS
done
if grep -q 'url(' "$DEST/accessible-autocomplete.min.css"; then
    echo "accessible-autocomplete's CSS now loads files: vendor them too." >&2
    exit 1
fi
cp "$SRC/LICENSE.txt" "$DEST/LICENSE"
echo "$VERSION" > "$DEST/VERSION"
echo "Vendored accessible-autocomplete $VERSION into ${DEST#"$ROOT"/} ($(du -sh "$DEST" | cut -f1))"
