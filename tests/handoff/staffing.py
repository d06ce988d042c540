"""A staffed-hours file a test rewrites (MISS_STAFFING_FILE) to open or close the clinic: the action server
reads it again at the next request, as a clinic's edit would be. Shared by the Chromium suite
(tests/handoff/browser/) and the messaging channels' live handoff tests (tests/channels/)."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ALWAYS = {day: [{"from": "00:00", "to": "24:00"}] for day in WEEK}


class Staffing:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.version = 0

    def set(self, hours: dict, pickup_timeout_seconds: int = 120) -> None:
        self.version += 1
        data = {"timezone": "America/New_York", "pickup_timeout_seconds": pickup_timeout_seconds, "hours": hours}
        self.path.write_text(yaml.safe_dump(data))
        os.utime(self.path, ns=(self.version, self.version))  # a new stamp, even within the clock's resolution
