"""How the bench and the browser tests start Debian's Chromium under Playwright.

Chromium 156 starts its omnibox popup (a ``chrome://omnibox-popup.top-chrome`` WebUI page)
in a renderer of its own for every new tab, headless or not: ~160 MB and ~1.2 s of CPU per
tab, traced while the Overview loaded (bench/RESULTS.md). On a two-core machine that renderer
takes a core from the page being timed. No page of the app uses the omnibox, so it is
switched off by its features.

Chromium keeps the last ``--disable-features`` it is given, so the list repeats the ones
Playwright disables by default (Playwright 1.65's ``chromiumSwitches``) before adding ours.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

_PLAYWRIGHT_DISABLED = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
)
_NO_OMNIBOX_POPUP = ("WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup")

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-features=" + ",".join((*_PLAYWRIGHT_DISABLED, *_NO_OMNIBOX_POPUP)),
]
