"""``commonground members``: the committee's membership from the terminal."""

from __future__ import annotations

import datetime as dt
import json

from tests.conftest import run_cli
from tests.test_cli_contacts import as_committee


def test_members_list_shows_seats_holders_attendance_and_what_to_look_at(data_dir):
    as_committee(data_dir)
    opened = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    took = (dt.date.today() - dt.timedelta(days=300)).isoformat()
    left = (dt.date.today() - dt.timedelta(days=50)).isoformat()
    for args in (("add-seat", "--agency", "police", "--title", "Mental health liaison officer",
                  "--opened", opened),
                 ("appoint", "1", "--name", "Alex Merrow", "--role", "Inspector", "--from",
                  opened),
                 ("appoint", "1", "--name", "Bethan Corriel", "--role", "Sergeant", "--from",
                  took),
                 ("vacate", "1", "--on", left),
                 ("add-seat", "--agency", "health", "--title", "Chair", "--opened", opened),
                 ("appoint", "2", "--name", "Priya Halloway", "--role", "Team manager",
                  "--from", opened)):
        done = run_cli("members", *args)
        assert done.returncode == 0, done.stderr
    listed = run_cli("members", "list").stdout
    assert "1    Police: Mental health liaison officer\n       Lead:    EMPTY since " in listed
    assert "(50 days)" in listed
    assert "2    Health (mental health Trust): Chair\n       Lead:    Priya Halloway (Team " \
        "manager), since" in listed
    assert "  Police                           1 seat   attended 0 of 0 meetings (–), 0 " \
        "people listed" in listed
    assert "To look at:\n  Police: Mental health liaison officer has had no lead for 50 " \
        "days.\n  Police: Mental health liaison officer has changed lead 1 time since it " \
        "opened on" in listed
    data = json.loads(run_cli("members", "list", "--json").stdout)
    assert [(s["seat"], s["lead"], s["lead_empty_days"], s["lead_changes_last_year"])
            for s in data["seats"]][0] == (1, None, 50, 1)
    refused = run_cli("members", "appoint", "1", "--name", "X", "--role", "Y", "--from",
                      "2001-01-01")
    assert refused.returncode == 1 and "before the seat was opened" in refused.stderr
