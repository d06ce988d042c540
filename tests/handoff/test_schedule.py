"""The staffed hours: in the clinic's time zone, weekdays, closed dates, the schema, reading a changed file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from addons.handoff.schedule import DEFAULT_FILE, StaffingError, StaffingFile, load, parse

NEW_YORK = ZoneInfo("America/New_York")
HOURS = {
    "timezone": "America/New_York",
    "pickup_timeout_seconds": 120,
    "hours": {"monday": [{"from": "08:00", "to": "12:00"}, {"from": "13:00", "to": "17:00"}], "saturday": []},
    "closed_dates": ["2026-12-28"],
}


def at(text: str, zone: ZoneInfo = NEW_YORK) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def test_open_and_closed_in_the_clinics_own_time_zone():
    schedule = parse(HOURS)
    assert schedule.is_staffed(at("2026-12-07 08:00"))  # Monday, opening minute
    assert schedule.is_staffed(at("2026-12-07 11:59"))
    assert not schedule.is_staffed(at("2026-12-07 12:30"))  # the lunch gap
    assert not schedule.is_staffed(at("2026-12-07 17:00"))  # the end is exclusive
    assert not schedule.is_staffed(at("2026-12-07 07:59"))
    # 14:30 UTC is 09:30 in New York: a server whose clock runs in UTC still opens at the clinic's hours
    assert schedule.is_staffed(datetime(2026, 12, 7, 14, 30, tzinfo=timezone.utc))
    assert not schedule.is_staffed(datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc))  # 04:30 there


def test_days_left_out_empty_or_closed_are_not_staffed():
    schedule = parse(HOURS)
    assert not schedule.is_staffed(at("2026-12-08 10:00"))  # Tuesday: not listed
    assert not schedule.is_staffed(at("2026-12-12 10:00"))  # Saturday: empty list
    assert not schedule.is_staffed(at("2026-12-28 10:00"))  # a Monday, but a closed date
    assert schedule.next_opening(at("2026-12-27 20:00")) == at("2027-01-04 08:00")


def test_daylight_saving_follows_the_clinic():
    schedule = parse(HOURS)
    # 2026-03-09 is the Monday after the change to EDT (UTC-4): 12:30 UTC is 08:30 there, not 07:30
    assert schedule.is_staffed(datetime(2026, 3, 9, 12, 30, tzinfo=timezone.utc))


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        parse(HOURS).is_staffed(datetime(2026, 12, 7, 10, 0))


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"pickup_timeout_seconds": 5}, "pickup_timeout_seconds"),
        ({"hours": {"monday": [{"from": "8:00", "to": "17:00"}]}}, "hours.monday.0.from"),
        ({"hours": {"monday": [{"from": "17:00", "to": "08:00"}]}}, "ends before it starts"),
        ({"hours": {"funday": []}}, "funday"),
        ({"closed_dates": ["2026-02-30"]}, "closed_dates"),
    ],
)
def test_a_broken_schedule_is_refused_naming_the_problem(change, named):
    with pytest.raises(StaffingError, match=named):
        parse({**HOURS, **change})


def test_the_repositorys_file_is_valid():
    schedule = load(DEFAULT_FILE)
    assert schedule.pickup_timeout_seconds >= 10
    assert any(schedule.spans)


def test_a_changed_file_is_read_again_and_a_broken_one_keeps_the_hours_in_force(tmp_path: Path):
    path = tmp_path / "staffing.yml"
    path.write_text(yaml.safe_dump(HOURS))
    staffing = StaffingFile(path)
    monday = at("2026-12-07 10:00")
    assert staffing.current().is_staffed(monday)

    path.write_text(yaml.safe_dump({**HOURS, "hours": {}}))
    os.utime(path, ns=(1, 1))  # a different stamp even within the file system's time resolution
    assert not staffing.current().is_staffed(monday)

    path.write_text("timezone: [half saved")
    os.utime(path, ns=(2, 2))
    assert not staffing.current().is_staffed(monday)  # still the last good hours, not an error


def test_a_broken_file_stops_the_action_server_at_start_naming_the_problem(tmp_path: Path):
    path = tmp_path / "staffing.yml"
    path.write_text(yaml.safe_dump({**HOURS, "pickup_timeout_seconds": 1}))
    env = {**os.environ, "MISS_STAFFING_FILE": str(path)}
    done = subprocess.run(
        [sys.executable, "-c", "import actions.handoff"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "Staffed hours rejected" in done.stderr and "pickup_timeout_seconds" in done.stderr
