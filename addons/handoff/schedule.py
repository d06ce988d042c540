"""The clinic's staffed hours for live handoff (content/staffing.yml, its schema content/schema/staffing.schema.json).

`is_staffed(at)` answers "can a person join a chat now?" in the clinic's own time zone, so a server whose
clock runs in UTC still opens at 8 am clinic time, and daylight saving moves with the clinic.
`StaffingFile` re-reads the file when it changes: a clinic edits its hours without a restart. A file that
breaks the schema is refused with the reason (at start-up: the server does not start; later: the hours in
force stay, and the problem is logged), never silently read as "closed" or "open".
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FILE = ROOT / "content" / "staffing.yml"
SCHEMA = ROOT / "content" / "schema" / "staffing.schema.json"
FILE_ENV = "MISS_STAFFING_FILE"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class StaffingError(ValueError):
    """content/staffing.yml cannot be used (the message names what is wrong)."""


@dataclass(frozen=True)
class Schedule:
    zone: ZoneInfo
    pickup_timeout_seconds: int
    # Per weekday (0 = Monday), the staffed spans as (from, to) minutes since midnight, `to` exclusive.
    spans: tuple[tuple[tuple[int, int], ...], ...]
    closed_dates: frozenset[date]

    def is_staffed(self, at: datetime) -> bool:
        """True when `at` (timezone-aware) falls in a staffed span on a day that is not closed."""
        if at.tzinfo is None:
            raise ValueError("is_staffed needs a timezone-aware datetime")
        local = at.astimezone(self.zone)
        if local.date() in self.closed_dates:
            return False
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.spans[local.weekday()])

    def next_opening(self, at: datetime) -> datetime | None:
        """The first staffed minute after `at` within two weeks, in the clinic's zone (None: never staffed)."""
        local = at.astimezone(self.zone).replace(second=0, microsecond=0)
        for offset in range(15):
            day = local.date() + timedelta(days=offset)
            if day in self.closed_dates:
                continue
            for start, _end in sorted(self.spans[day.weekday()]):
                opening = datetime.combine(day, time(start // 60, start % 60), tzinfo=self.zone)
                if opening > local:
                    return opening
        return None


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def parse(data: Any, source: str = "staffing") -> Schedule:
    """A Schedule from the file's data; StaffingError naming the problem."""
    validator = Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    error = best_match(validator.iter_errors(data))
    if error is not None:
        where = ".".join(str(part) for part in error.absolute_path) or "the file"
        raise StaffingError(f"{source}: {where}: {error.message}")
    try:
        zone = ZoneInfo(data["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise StaffingError(f"{source}: timezone: {data['timezone']!r} is not a known time zone") from None
    spans = []
    for name in WEEKDAYS:
        day = []
        for span in data["hours"].get(name) or []:
            start, end = _minutes(span["from"]), _minutes(span["to"])
            if start >= end:
                raise StaffingError(f"{source}: hours.{name}: {span['from']}-{span['to']} ends before it starts")
            day.append((start, end))
        spans.append(tuple(day))
    try:
        closed = frozenset(date.fromisoformat(d) for d in data.get("closed_dates") or [])
    except ValueError as err:
        raise StaffingError(f"{source}: closed_dates: {err}") from None
    return Schedule(zone, int(data["pickup_timeout_seconds"]), tuple(spans), closed)


def load(path: Path) -> Schedule:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise StaffingError(f"{path}: {err}") from None
    return parse(data, str(path))


def configured_path(env: dict[str, str] | None = None) -> Path:
    raw = (os.environ if env is None else env).get(FILE_ENV, "").strip()
    return Path(raw) if raw else DEFAULT_FILE


class StaffingFile:
    """The schedule of one file, read again whenever the file's modification time or size changes."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or configured_path()
        self._stamp = self._stat()
        self._schedule = load(self.path)  # a broken file at start-up stops the server that reads it

    def _stat(self) -> tuple[int, int]:
        stat = self.path.stat()
        return stat.st_mtime_ns, stat.st_size

    def current(self) -> Schedule:
        try:
            stamp = self._stat()
            if stamp != self._stamp:
                self._stamp = stamp
                self._schedule = load(self.path)
                logger.info(f"staffed hours read again from {self.path}")
        except (OSError, StaffingError) as err:  # keep the hours in force: a half-saved file must not close or open
            logger.error(f"staffed hours not changed, {self.path} cannot be used: {err}")
        return self._schedule
