"""Step 14: section 136 records made before the national categories, on a ward PC and on
the committee's computer, upgrade without losing or guessing anything."""

from __future__ import annotations

import datetime as dt
import json

from commonground.core.committee import stats
from commonground.core.records import kinds as rk
from commonground.core.records.deid import check
from commonground.core.storage.db import Database, connect

S136 = rk.KINDS["s136"]
# Every value the section 136 record could hold before step 14, written out here as it was
# released (the kind's lists have grown since).
OLD = {
    "age": ("18_or_over", "under_18", "not_sure"),
    "consulted": ("yes", "not_practicable"),
    "consulted_who": ("doctor", "nurse", "amhp", "paramedic", "other"),
    "conveyance": ("ambulance", "police_vehicle", "other"),
    "place_type": ("health_based", "emergency_department", "police_station", "other"),
    "station_reason": ("imminent_risk", "suite_full", "no_staff", "other"),
    "outcome": ("admitted_informal", "detained_s2", "detained_s3", "discharged_follow_up",
                "discharged", "other"),
    "extended": ("yes", "no"),
}
NEW_ASKED = ("age_band", "gender", "ethnicity", "officer_ethnicity", "intoxication",
             "already_at_pos", "transferred", "s12_doctor")


def old_episodes() -> list[dict]:
    """Sixteen records between them holding every old value of every field."""
    out = []
    for n in range(16):
        pick = {key: values[n % len(values)] for key, values in OLD.items()}
        pick["station_reason"] = OLD["station_reason"][n // 4]
        if pick["place_type"] == "police_station":
            pick["age"] = "18_or_over"
        day = dt.datetime(2026, 4, 1, 22) + dt.timedelta(days=10 * n)

        def at(minutes: int) -> str:
            return (day + dt.timedelta(minutes=minutes)).isoformat()
        data = {"_kind": "s136", "detained_at": at(0), "arrived_at": at(40),
                "handover_at": at(60), "police_left_at": at(90), "ended_at": at(480),
                "site": "Riverside Hospital",
                "recorded_by": "Sam Nurse", "recorded_role": "Nurse", **pick}
        if pick["conveyance"] == "police_vehicle":
            data["police_vehicle_reason"] = "No ambulance for over an hour."
        if pick["extended"] == "yes":
            data.update(extended_by="Dr A", extension_hours="6")
        if pick["place_type"] != "police_station":
            data.pop("station_reason")
        out.append(data)
    seen = {key: {data.get(key) for data in out} for key in OLD}
    assert all(set(values) <= seen[key] for key, values in OLD.items())
    return out


def old_deid(data: dict, n: int) -> dict:
    """The committee's copy as step 12's code made it (its exact fields)."""
    return {"type": "s136", "id": f"{n:024x}", "detained_date": data["detained_at"][:10],
            "site": "Riverside Hospital", "age": data["age"], "consulted": data["consulted"],
            "consulted_who": data["consulted_who"] if data["consulted"] == "yes" else None,
            "conveyance": data["conveyance"] if n != 4 else None,     # one never said
            "place_type": data["place_type"], "station_reason": data.get("station_reason"),
            "station_confirmed": False if data["place_type"] == "police_station" else None,
            "wait_minutes": 50, "duration_minutes": 440, "outcome": data["outcome"],
            "extended": data["extended"] == "yes",
            "extension_hours": 6 if data["extended"] == "yes" else None, "over_limit": False}


def test_old_section_136_records_upgrade_without_loss_and_nothing_guessed(tmp_path):
    path = tmp_path / "v12.sqlite3"
    db = Database(connect(path), path)
    db.migrate(target=12)
    episodes = old_episodes()
    with db.transaction() as conn:
        for n, data in enumerate(episodes):
            conn.execute(
                "INSERT INTO reports(uuid, reference, status, created_at, updated_at, "
                "submitted_at, incident_at, created_by, data, kind) VALUES (?, ?, 'queued', "
                "'2026-11-01', '2026-11-01', '2026-11-01', ?, 'ward', ?, 's136')",
                (f"u{n}", f"S-{n}", data["detained_at"], json.dumps(data)))
            record = old_deid(data, n)
            conn.execute(
                "INSERT INTO deid_s136(id, source_install, updated_at, record, month, "
                "detained_date, site, age, consulted, conveyance, place_type, station_reason, "
                "station_confirmed, wait_minutes, outcome, extended, over_limit) VALUES "
                "(?, 'ward', '2026-11-01', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (record["id"], json.dumps(record), record["detained_date"][:7],
                 record["detained_date"], record["site"], record["age"], record["consulted"],
                 record["conveyance"], record["place_type"], record["station_reason"],
                 record["station_confirmed"], 50, record["outcome"], int(record["extended"])))
        conn.execute("INSERT INTO reports(uuid, status, created_at, updated_at, created_by, "
                     "data, kind) VALUES ('draft', 'draft', 'x', 'x', 'ward', ?, 's136')",
                     (json.dumps({"_kind": "s136", "conveyance": "police_vehicle"}),))
        before = [tuple(row) for row in conn.execute("SELECT * FROM reports ORDER BY id")]
    db.conn.close()

    upgraded = Database.open(path, backup_dir=tmp_path / "backups")
    # The records themselves are final: every byte as written, drafts too.
    assert [tuple(row) for row in upgraded.query("SELECT * FROM reports ORDER BY id")] \
        == before
    for n, data in enumerate(episodes):
        # What a ward PC now sends of them: the old codes, and "not known" for what was
        # never asked (a blank, counted as "Not known").
        record = S136.committee.deidentify(b"s" * 32, {"uuid": f"u{n}", "data": data}, {})
        assert check(record, S136.committee.shape) is None
        for key in ("age", "consulted", "conveyance", "place_type", "outcome"):
            assert record[key] == data[key]
        assert all(record[key] is None for key in NEW_ASKED + ("police_vehicle_why",))

    rows = {row["id"]: dict(row) for row in upgraded.query("SELECT * FROM deid_s136")}
    assert len(rows) == 16
    for n, data in enumerate(episodes):
        row = rows[f"{n:024x}"]
        record = json.loads(row["record"])
        assert check(record, S136.committee.shape) is None, n
        old = old_deid(data, n)
        for key, value in old.items():           # every old value kept, one blank mapped
            expected = "not_known" if value is None and key == "conveyance" else value
            assert record[key] == expected, (n, key)
        for key in NEW_ASKED:
            assert record[key] == "not_known" == row[key], (n, key)
        why = "not_known" if data["conveyance"] == "police_vehicle" and n != 4 else None
        assert record["police_vehicle_why"] == row["police_vehicle_why"] == why
        assert record["transfer_place"] is None and record["doctor_minutes"] is None
        assert row["conveyance"] == record["conveyance"]

    tables = stats.figures(upgraded, stats.Filters(dt.date(2026, 4, 1),
                                                   dt.date(2027, 3, 31))).tables
    assert tables["s136_ethnicity"].rows[-1][:2] == ["Not known (not asked, or could not be "
                                                     "asked)", 16]
    assert ["Not known", 1, "6%"] in tables["conveyance"].rows
    assert [row[:2] for row in tables["police_vehicle_reasons"].rows
            if row[1]] == [["Not known", 4]]
    assert tables["s136_periods"].rows[-1] == ["Year 2026/27 (April–March)", 16, 4, 4]
    upgraded.close()
