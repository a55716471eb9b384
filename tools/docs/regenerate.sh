#!/usr/bin/env bash
# Regenerates the images the README and docs show (docs/plots/*.png, docs/book-page.png) from the lessons'
# defaults. The lessons' own output folder plots/ is not tracked; this is the one command that changes docs/.
#   bash tools/docs/regenerate.sh          (needs chromium for the book screenshot: apt-get install chromium)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build Chapter4/Chapter4.csproj -nologo -v q
app=Chapter4/bin/Debug/net10.0/Chapter4
"$app" all --plots-dir docs/plots > /dev/null
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
"$app" book --out "$site/book" > /dev/null
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1800 \
  --screenshot=docs/book-page.png "file://$site/book/momentum.html" 2> /dev/null
echo "docs/plots/ and docs/book-page.png regenerated; review them with git diff --stat docs/"
