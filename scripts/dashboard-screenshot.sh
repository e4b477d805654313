#!/usr/bin/env bash
# Remakes docs/dashboard.png, the README's picture of the dashboard: DashboardBrowserTest's live run
# (train --dashboard, 4 agents on a ring, 4 short epochs) in headless Chromium, screenshot at the end.
# Needs chromium and chromium-driver (Debian packages; the test skips without them).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -Dtest='DashboardBrowserTest#watchesAShortTrainRunLive' -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddashboard.screenshot=docs/dashboard.png "$@"
ls -l docs/dashboard.png
