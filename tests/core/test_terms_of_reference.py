"""The committee's terms of reference: a versioned document sent down in the signed protocol
pack, shown with what changed, confirmed by members, and the confirmation back at the
committee as reach."""

from __future__ import annotations

import datetime as dt
import shutil

from commonground import paths
from commonground.core.committee import stats
from commonground.core.install import install_id
from commonground.core.protocols import acknowledgements
from commonground.core.protocols.library import Library
from commonground.core.protocols.versions import what_changed
from commonground.core.sync import bundle as bundles
from commonground.core.sync import keys, packs, state
from tests.conftest import REPO, with_new_version
from tests.core.test_sync import PASSPHRASE

TOR = "terms-of-reference"
TEMPLATE = REPO / "resources" / "committee" / f"{TOR}.md"
AMBULANCE = ("- **Ambulance service:** the mental health lead.",
             "- **Ambulance service:** the mental health lead and a paramedic from the "
             "mental health response car.")


def test_the_template_is_a_document_the_loader_takes():
    from commonground.core.protocols.files import read_protocol_file

    made, problems = read_protocol_file(TEMPLATE)
    assert problems == [] and (made.id, made.version) == (TOR, "1.0")


def test_a_new_version_goes_down_in_the_pack_and_the_acknowledgement_comes_back(
        world, tmp_path):
    committee_key = keys.create_role_key(world.committee.paths.keys, "committee", PASSPHRASE)
    private = keys.unlock_role_key(world.committee.paths.keys, "committee", PASSPHRASE)
    for context in (world.front, world.advisor):
        state.trust(context.db, committee_key.public, "committee", "policy")
    me = install_id(world.committee.db)
    source = tmp_path / "committee-protocols"
    shutil.copytree(paths.bundled_protocols_dir(), source)
    shutil.copy(TEMPLATE, source / f"{TOR}.md")

    def publish(version: str, sequence: int) -> None:
        data = packs.build_pack(source, version, private, me, "committee", sequence)
        bundles.write(world.shared["protocols"], packs.pack_file_name(me, sequence), data)
        assert world.sync(world.front).received == 1

    publish("2027.1", 1)
    library = Library.open(world.front.db, [paths.bundled_protocols_dir()],
                           paths.resources_dir())
    assert (library.get(TOR).version, library.get(TOR).source) == ("1.0", "pack")
    assert library.search("committee terms of reference quorum", limit=3).hits[0].protocol_id \
        == TOR

    path = source / f"{TOR}.md"
    text = with_new_version(path.read_text(encoding="utf-8"), "1.1",
                            "A second ambulance seat.").replace(*AMBULANCE)
    path.write_text(text, encoding="utf-8")
    publish("2027.2", 2)
    library.reload()
    assert library.get(TOR).version == "1.1"
    assert [(c.heading, c.change) for c in what_changed(world.front.db, TOR)] == [
        ("Membership", "changed")]

    acknowledgements.acknowledge(world.front.db, TOR, "1.1", "Sam Member",
                                 site="Riverside Hospital")
    world.sync(world.front)
    world.sync(world.advisor)
    world.sync(world.committee)
    # The committee learns that one member at that site confirmed it, never who.
    assert [tuple(r) for r in world.committee.db.query(
        "SELECT protocol_id, version, site, count FROM deid_ack_weeks")] == [
        (TOR, "1.1", "Riverside Hospital", 1)]
    assert not world.committee.db.query(
        "SELECT 1 FROM acknowledgements WHERE name = 'Sam Member'")
    by_site, _weekly = stats.protocol_reach(
        world.committee.db, [(TOR, "Terms of reference", "1.1", dt.date.today())])
    assert by_site.rows[0][:2] == ["Terms of reference", "1.1"]
    assert 1 in by_site.rows[0]
