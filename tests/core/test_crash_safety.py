"""Kill the process while it saves drafts; the last committed draft must survive intact."""

import os
import random
import signal
import subprocess
import sys

import pytest

from commonground.core.records import reports as incidents
from commonground.core.storage.db import Database
from tests.conftest import REPO

CHILD = r"""
import sys
from commonground.core.records import reports as incidents
from commonground.core.storage.db import Database

db = Database.open(sys.argv[1])
drafts = incidents.drafts(db)
draft_id = drafts[0].id if drafts else incidents.start_draft(db, "crash-test").id
revision = db.query_one("SELECT revision FROM reports WHERE id = ?", (draft_id,))[0]
while True:
    revision += 1
    data = {"narrative": f"revision {revision} " + "x" * ((revision * 37) % 900),
            "injuries": "y" * (revision % 50), "victims": [{"kind": "staff"}] * (revision % 4)}
    saved = incidents.save_draft(db, draft_id, data, "crash-test")
    assert saved == revision, (saved, revision)
    print(saved, flush=True)
"""


def expected(revision: int) -> dict:
    return {"narrative": f"revision {revision} " + "x" * ((revision * 37) % 900),
            "injuries": "y" * (revision % 50), "victims": [{"kind": "staff"}] * (revision % 4)}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_draft_saves_never_loses_a_committed_draft(tmp_path):
    path = tmp_path / "crash.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(REPO / "desktop"))
    rng = random.Random(136)
    for _round in range(25):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        acknowledged = None
        for _ in range(rng.randint(1, 40)):
            line = child.stdout.readline()
            if not line:
                break
            acknowledged = int(line)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        # Saves the child acknowledged while this process was not looking (a busy machine
        # can let it run on for several) are still in the pipe: each is a committed save.
        for line in child.stdout:
            if line.endswith("\n"):
                acknowledged = int(line)
        assert acknowledged is not None, child.stderr.read()

        db = Database.open(path)
        assert db.integrity_check() == []
        draft = incidents.drafts(db)[0]
        # Every acknowledged save is there; at most the one in flight went further.
        assert draft.revision in (acknowledged, acknowledged + 1)
        assert draft.data == expected(draft.revision)
        db.close()
