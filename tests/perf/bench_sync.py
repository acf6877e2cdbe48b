"""The advisor hub's de-identified export, and the committee's import of it.

Export, ours: what ``commonground export --kind deidentified`` does (every submitted report
de-identified, with acknowledgements and cases of note, made into signed bundles of at
most 20,000 records and written to a folder), leaving out only the note in the outbox.
Floor: the same report rows as JSON Lines, SHA-256 of them, deflated into a zip and
written.

Import, ours: the committee reads those bundles (zip checks, signature, hash, every
record's shape, strictly parsed) and stores them with ``import_deidentified`` into a
committee database, new for each run. Floor: unzip, SHA-256, parse the same JSON Lines
and ``executemany`` them into a bare table (id, record) in one transaction, with the same
pragmas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import shutil
import sqlite3
import zipfile

from . import data
from .harness import Figure, Settings, ratio, timed

SOURCE = "00000000-0000-4000-8000-0000000000e5"


def known_places() -> set[str]:
    from commonground.core.records import demo

    return set(demo.SITES) | {ward for _prefix, wards in demo.SITES.values() for ward in wards}


def export_ours(db, source, target):
    from commonground.core.sync import bundle, outgoing, wire

    sequence = itertools.count(1)

    def run():
        lines = list(wire.encode_records(outgoing.deidentified_records(db, known_places())))
        made = []
        for start, end in outgoing.chunks(lines):   # as export cuts them
            number = next(sequence)
            data, _ = bundle.build_encoded("deidentified", source, number, lines[start:end])
            bundle.write(target, bundle.bundle_name("deidentified", source.install_id, number),
                         data)
            made.append(data)
        return made, len(lines)
    return run


def export_floor(path, target):
    def run():
        bare = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            rows = bare.execute("SELECT id, uuid, submitted_at, data FROM reports "
                                "WHERE status != 'draft' ORDER BY id").fetchall()
        finally:
            bare.close()
        body = b"".join(json.dumps({"id": r[0], "uuid": r[1], "submitted_at": r[2],
                                    "data": r[3]}, ensure_ascii=False).encode() + b"\n"
                        for r in rows)
        digest = hashlib.sha256(body).hexdigest()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps({"sha256": digest}))
            archive.writestr("payload.jsonl", body)
        (target / "floor.zip").write_bytes(buffer.getvalue())
    return run


def import_floor(made: list[bytes], path):
    from commonground.core.storage.db import connect

    def run():
        rows = []
        for one in made:
            with zipfile.ZipFile(io.BytesIO(one)) as archive:
                body = archive.read("payload.jsonl")
            hashlib.sha256(body).hexdigest()
            rows += [json.loads(line) for line in body.splitlines()]
        conn = connect(path)   # the app's pragmas, nothing else
        try:
            conn.execute("CREATE TABLE bare(id TEXT PRIMARY KEY, record TEXT)")
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT INTO bare(id, record) VALUES (?, ?)",
                             [(r.get("id") or r.get("uuid"), json.dumps(r)) for r in rows])
            conn.execute("COMMIT")
        finally:
            conn.close()
    return run


def fresh(path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def run(settings: Settings) -> list[Figure]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from commonground.core.storage.db import Database
    from commonground.core.sync import bundle, deidentify, incoming

    folder = data.reports(settings)
    work = settings.scratch / "sync"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    source = bundle.Source(SOURCE, "Advisor hub (benchmark)", Ed25519PrivateKey.generate())
    db = Database.open(data.database(folder))
    repeat = max(1, min(settings.repeat, 3))   # each run handles every report
    try:
        ours, floor = export_ours(db, source, work), export_floor(data.database(folder), work)
        made, records = ours()
        settings.log(f"de-identified export of {records:,} records: {repeat} runs …")
        export, export_bare = [], []
        for round_number in range(repeat):
            pair = [(ours, export), (floor, export_bare)]
            for fn, samples in (pair if round_number % 2 == 0 else pair[::-1]):
                samples.append(timed(fn))
    finally:
        db.close()

    settings.log(f"de-identified import of {records:,} records: {repeat} runs …")
    imported, import_bare = [], []
    committee_db = work / "committee.sqlite3"
    bare_db = work / "bare-import.sqlite3"
    now = dt.datetime.now().replace(microsecond=0)
    for round_number in range(repeat):
        fresh(committee_db)
        fresh(bare_db)
        committee = Database.open(committee_db)

        def ours_import():
            for one in made:
                received = bundle.read_bytes(one, check_record=deidentify.check_record)
                incoming.import_deidentified(committee, received.records, received.source,
                                             now, received.sequence)
        pair = [(ours_import, imported), (import_floor(made, bare_db), import_bare)]
        for fn, samples in (pair if round_number % 2 == 0 else pair[::-1]):
            samples.append(timed(fn))
        committee.close()
    size = f"{sum(len(one) for one in made) / 1e6:.1f} MB in {len(made)} bundles"
    return [Figure(f"de-identified export ({records:,} records)", export, floor=export_bare,
                   target=ratio(2.0), note=size),
            Figure(f"de-identified import ({records:,} records)", imported,
                   floor=import_bare, target=ratio(2.0), note=size)]
