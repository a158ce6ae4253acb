#!/usr/bin/env bash
# Replace src/emcart/presentation/figures/vendor/plotly-basic.min.js with the basic bundle of the plotly.js version that
# the installed plotly package carries, and record its origin and checksum (needs npm; run after
# changing the plotly pin: tests/test_plotlyjs.py fails until the two versions agree).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(.venv/bin/python -c 'from plotly.offline import get_plotlyjs_version; print(get_plotlyjs_version())')
package=plotly.js-basic-dist-min
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package@$version" >/dev/null && tar xzf "$package-$version.tgz")
vendor=src/emcart/presentation/figures/vendor
cp "$work/package/plotly-basic.min.js" "$vendor/plotly-basic.min.js"
cp "$work/package/LICENSE" "$vendor/plotly-LICENSE"
PACKAGE=$package VERSION=$version \
TARBALL=$(npm view "$package@$version" dist.tarball) INTEGRITY=$(npm view "$package@$version" dist.integrity) \
.venv/bin/python - <<'PY'
import hashlib, json, os
from pathlib import Path
vendor = Path("src/emcart/presentation/figures/vendor")
meta = json.loads((vendor / "plotly-basic.json").read_text())
meta.update(package=os.environ["PACKAGE"], version=os.environ["VERSION"], tarball=os.environ["TARBALL"],
            tarball_integrity=os.environ["INTEGRITY"],
            sha256=hashlib.sha256((vendor / meta["file"]).read_bytes()).hexdigest())
(vendor / "plotly-basic.json").write_text(json.dumps(meta, indent=2) + "\n")
print(f"vendored {meta['package']} {meta['version']} ({meta['sha256'][:12]}…)")
PY
