#!/usr/bin/env bash
# Rewrites the golden screens of tests/unit/test_views.c from the views as
# they draw now. Run it when a screen changed on purpose, then read the diff
# (git diff tests/golden) before committing it: the test never rewrites them.
set -eu
cd "$(dirname "$0")/../.."
make --no-print-directory all build/tests/test_views
mkdir -p tests/golden/views
AD_GOLDEN_UPDATE=1 LANG=C.UTF-8 build/tests/test_views
git status --short tests/golden
