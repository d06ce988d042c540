"""Time from pressing Enter in the question box to the answer appearing on the page, measured in the
page itself (performance.now() in a keydown listener and a MutationObserver), so Playwright's own
round trips do not count."""

from __future__ import annotations

import statistics

from playwright.sync_api import Page

_ARM = """(selector) => {
  window.__latency = {sent: null, shown: null};
  const count = () => document.querySelectorAll(selector).length;
  const before = count();
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter") window.__latency.sent = performance.now();
  }, {capture: true, once: true});
  new MutationObserver((records, observer) => {
    if (window.__latency.sent !== null && count() > before) {
      window.__latency.shown = performance.now();
      observer.disconnect();
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def time_answer(page: Page, box_selector: str, answer_selector: str, question: str) -> float:
    """Types `question`, presses Enter, waits for a new answer element; returns the milliseconds."""
    page.evaluate(_ARM, answer_selector)
    box = page.locator(box_selector)
    box.fill(question)
    box.press("Enter")
    page.wait_for_function("() => window.__latency.shown !== null", timeout=20_000)
    return page.evaluate("() => window.__latency.shown - window.__latency.sent")


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 1),
        "min_ms": round(ordered[0], 1),
        "max_ms": round(ordered[-1], 1),
    }
