"""The committee's meeting pack: what a member reads in it, for the hand-counted incidents."""

import datetime as dt
import io
import re
import unicodedata

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader
from reportlab.graphics.shapes import Rect, String

from commonground.core.committee import meetings as mt
from commonground.core.committee import stats
from commonground.core.pdf import common
from commonground.core.pdf.charts import bar_charts
from commonground.core.pdf.meeting_pack import MARKING, meeting_pack
from commonground.core.sync import incoming
from commonground.core.sync.packs import import_pack
from tests.core.test_committee_stats import IMPORTED, QUARTER, SOURCE, committee_db
from tests.core.test_packs import edited_copy, open_library, pack, read

TODAY = dt.date(2026, 4, 10)
S136 = "Section 136: removal to a place of safety"


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def body_text(data: bytes) -> str:
    """The text inside the frame after the cover, without what every page repeats."""
    kept = []
    for text in pages(data)[1:]:
        kept += [line for line in text.splitlines() if line.strip() != MARKING
                 and not line.startswith(("Police Liaison Committee · ", "Made "))
                 and not re.fullmatch(r"Page \d+ of \d+", line.strip())]
    return flat("\n".join(kept))


def between(body: str, start: str, end: str) -> str:
    return body[body.index(start):body.index(end, body.index(start))]


@pytest.fixture
def db(tmp_path):
    """The hand-counted incidents, two meetings, three actions and a protocol pack."""
    db = committee_db()
    open_library(db)
    import_pack(db, read(pack(edited_copy(tmp_path, "v11"), "2026.2",
                              Ed25519PrivateKey.generate())), dt.datetime(2026, 3, 5, 9, 0))
    incoming.import_deidentified(db, [
        {"type": "ack", "uuid": f"00000000-0000-4000-8000-00000000ac{n:02d}",
         "protocol_id": "s136-place-of-safety", "version": "1.2", "name": "A nurse",
         "date": f"2026-03-{10 + n}", "site": site}
        for n, site in enumerate(("Riverside Hospital", "Riverside Hospital",
                                  "Larkspur House"))], SOURCE, IMPORTED)
    january = mt.add_meeting(db, dt.date(2026, 1, 15), {
        "police": {"present": True, "names": "Inspector"}, "health": {"present": True}},
        now=dt.datetime(2026, 1, 15, 18, 0))
    mt.add_meeting(db, TODAY, {"health": {"present": True, "names": "Ward manager"},
                               "social_care": {"present": True},
                               "service_users": {"present": True}},
                   now=dt.datetime(2026, 4, 10, 9, 0))
    raised = dt.datetime(2026, 1, 15, 18, 0)
    cctv = mt.add_action(db, title="Keep CCTV <b>within a day</b>", raised_by="Chair",
                         owner_agency="police", owner_role="Inspector", meeting_id=january,
                         due_date=dt.date(2026, 3, 1), now=raised)
    mt.update_action(db, cctv, date=dt.date(2026, 2, 20), author="Inspector",
                     text="A form is being drafted with the CCTV team", status="in_progress",
                     now=dt.datetime(2026, 2, 20, 12, 0))
    mt.add_action(db, title="Review the leaflet for families", raised_by="Chair",
                  owner_agency="health", meeting_id=january, due_date=dt.date(2026, 6, 1),
                  now=raised)
    return db


def make(db, tmp_path, filters=QUARTER, **options) -> bytes:
    meeting = next(m for m in mt.meetings(db) if m.date == TODAY)
    return meeting_pack(db, filters, tmp_path / "pack.pdf", meeting=meeting, today=TODAY,
                        current_protocols=[("s136-place-of-safety", S136, "1.2",
                                            dt.date(2026, 3, 5))], **options)


def test_the_cover_names_the_period_the_absent_agencies_and_every_page_is_numbered(
        db, tmp_path):
    data = make(db, tmp_path)
    assert (tmp_path / "pack.pdf").read_bytes() == data
    every = pages(data)
    for number, text in enumerate(every, start=1):
        lines = [line.strip() for line in text.splitlines()]
        assert lines.count("OFFICIAL") == 2, f"page {number}"
        assert f"Page {number} of {len(every)}" in lines
    cover = flat(every[0])
    assert cover.startswith("Police Liaison Committee – meeting pack Meeting on 10 Apr 2026 "
                            "Period and place: 1 Jan 2026 to 31 Mar 2026, all sites")
    assert "No one from the police attended. No one from the ambulance service attended." \
        in cover
    assert "No one from social care" not in cover and "OFFICIAL-SENSITIVE" not in cover
    assert "Every count is shown in full: this pack is for the committee only." in cover


def test_actions_come_first_what_changed_then_what_is_still_open(db, tmp_path):
    body = body_text(make(db, tmp_path))
    changed = between(body, "1 Actions: what has changed since the last meeting",
                      "Open actions")
    assert body.index(changed) < body.index("2 Incidents and assaults")
    assert changed == (
        "1 Actions: what has changed since the last meeting Since the last meeting on 15 Jan "
        "2026. Keep CCTV <b>within a day</b> Owner Due Status Raised by Police, Inspector "
        "1 Mar 2026 OVERDUE In progress Chair Date Who Status Update 20 Feb 2026 "
        "Inspector In progress A form is being drafted with the CCTV team ")
    still_open = between(body, "Open actions", "2 Incidents and assaults")
    assert still_open == ("Open actions Action Owner Due Status Keep CCTV <b>within a day</b> "
                          "Police, Inspector 1 Mar 2026 OVERDUE In progress Review the leaflet "
                          "for families Health (mental health Trust) 1 Jun 2026 Open ")


def test_the_figures_carry_the_hand_counted_numbers(db, tmp_path):
    body = body_text(make(db, tmp_path))
    assert "Incidents 11 Median reporting delay 10 hours Reported after 48 hours 3 of 11 " \
           "with a known delay (27%) Median days from incident to charging decision 20 days" \
           in body
    # Each figure: its bars (label, value), then its table with every number.
    assert between(body, "Incidents by ward", "Harm grading") == (
        "Incidents by ward Bars: Incidents. The table gives every number. Cedar Ward 5 Heron "
        "Ward 3 Oak Ward 3 Ward Incidents Cedar Ward 5 Heron Ward 3 Oak Ward 3 ")
    funnel = between(body, "Prosecution funnel", "Reasons for no further action")
    assert "Stage Incidents Share of reported Reported 11 100% Police informed 6 55% Crime " \
           "reference 5 45% Charging decision 5 45% Outcome reached 4 36% Charged 2 18% " \
           "Convicted 1 9%" in funnel
    assert between(body, "Reasons for no further action", "3 Police assistance").endswith(
        "Reason Cases Insufficient evidence 1 Not in the public interest 1 ")
    assert "Jan 2026 4 29 1 25% Feb 2026 3 5 1 33% Mar 2026 4 13.5 1 25%" in body


def test_a_pack_shared_outside_hides_counts_under_5_and_the_shares_that_would_reveal_them(
        db, tmp_path):
    data = make(db, tmp_path, share_outside=True)
    assert "Counts under 5 are shown as '<5' because this pack may be shared outside the " \
           "committee" in flat(pages(data)[0])
    body = body_text(data)
    wards = between(body, "Incidents by ward", "Harm grading")
    assert wards.endswith("Ward Incidents Cedar Ward 5 Heron Ward <5 Oak Ward <5 "
                          "Counts under 5 are shown as <5. ")
    assert "3" not in wards.split()
    nfa = between(body, "Reasons for no further action", "3 Police assistance")
    assert "Insufficient evidence <5 Not in the public interest <5" in nfa
    assert "1" not in nfa.split()
    funnel = between(body, "Prosecution funnel", "Reasons for no further action")
    assert "Charging decision 5 45% Outcome reached <5 not shown Charged <5 not shown" in funnel
    assert not {"4", "2", "36%", "18%", "9%"} & set(funnel.split())
    assert "Reported after 48 hours <5 of 11 with a known delay Median" in body


def test_a_hidden_count_gets_no_bar_only_its_words():
    [drawing] = bar_charts(["Cedar Ward", "Heron Ward", "Oak Ward"], [12, "<5", 0])
    bars = [shape for shape in drawing.contents if isinstance(shape, Rect)]
    words = [shape.text for shape in drawing.contents if isinstance(shape, String)]
    assert len(bars) == 2 and bars[0].width > 0 and bars[1].width == 0
    assert words == ["Cedar Ward", "12", "Heron Ward", "<5", "Oak Ward", "0"]


def test_protocol_changes_reach_and_cases_of_note(db, tmp_path):
    body = body_text(make(db, tmp_path))
    protocols = between(body, "7 Protocols: changes and reach", "8 Cases of note")
    assert "Protocol pack 2026.2 was installed on 5 Mar 2026: 6 protocols, 1 of them changed." \
        in protocols
    assert f"{S136} 1.1 1.2 5 Mar 2026" in protocols
    assert f"All sites Larkspur House Riverside Hospital {S136} 1.2 5 Mar 2026 3 1 2" \
        in protocols
    assert between(body, "8 Cases of note", "9 Joint training") == (
        "8 Cases of note Charge after a bite <at night> & a letter (10 Mar 2026) The clinical "
        "letter reached the police in five days. ")
    april = stats.Filters(dt.date(2026, 4, 1), TODAY)
    later = body_text(make(db, tmp_path, filters=april))
    assert between(later, "8 Cases of note", "9 Joint training") == \
        "8 Cases of note None this time. "
    assert "No protocol pack was installed in this period." in later


def test_a_period_with_no_incidents_says_so_and_draws_nothing(db, tmp_path):
    empty = stats.Filters(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    body = body_text(make(db, tmp_path, filters=empty))
    assert "2 Incidents and assaults There were no incidents in this period (1 Jan 2025 to " \
           "31 Mar 2025, all sites). 3 Police assistance at Mental Health Act assessments " \
           "There were no requests for police assistance with an assessment in this period " \
           "(1 Jan 2025 to 31 Mar 2025, all sites). 4 Section 136: removal to a place of " \
           "safety There were no section 136 episodes in this period (1 Jan 2025 to 31 Mar " \
           "2025, all sites). 5 Thanks and positive feedback No thanks were sent in this " \
           "period (1 Jan 2025 to 31 Mar 2025, all sites). 6 Thanks, by service: for each " \
           "lead to take back No thanks were sent in this period (1 Jan 2025 to 31 Mar " \
           "2025, all sites). 7 Protocols" in body
    assert "Bars:" not in body and "Incidents by ward" not in body


def test_dates_the_wrong_way_round_write_nothing(db, tmp_path):
    with pytest.raises(stats.PeriodError, match="Swap the dates"):
        make(db, tmp_path, filters=stats.Filters(QUARTER.end, QUARTER.start))
    assert list(tmp_path.glob("pack*")) == []


@pytest.mark.parametrize("after", [1, 12])
def test_a_cancelled_pack_leaves_no_file(db, tmp_path, after):
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= after

    with pytest.raises(common.Cancelled):
        make(db, tmp_path, cancelled=cancelled)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(("pack", ".pack"))] == []


def test_a_new_release_of_the_app_is_listed_with_the_version_it_brought(tmp_path):
    """Bundled protocols replaced by an app update are kept and listed, like a pack's."""
    db = committee_db()
    open_library(db)
    open_library(db, edited_copy(tmp_path, "release", "1.2"))     # the next release of the app
    mt.add_meeting(db, TODAY, {"health": {"present": True}}, now=dt.datetime(2026, 4, 10, 9, 0))
    meeting = next(m for m in mt.meetings(db) if m.date == TODAY)
    today = dt.date.today()
    body = body_text(meeting_pack(db, stats.Filters(today, today), tmp_path / "p.pdf",
                                  meeting=meeting, today=TODAY,
                                  current_protocols=[("s136-place-of-safety", S136, "1.2",
                                                      today)]))
    protocols = between(body, "7 Protocols: changes and reach", "8 Cases of note")
    assert f"{S136} 1.1 1.2 " in protocols


def test_a_pack_shared_outside_hides_small_acknowledgement_counts(db, tmp_path):
    body = body_text(make(db, tmp_path, share_outside=True))
    protocols = between(body, "7 Protocols: changes and reach", "8 Cases of note")
    assert f"All sites Larkspur House Riverside Hospital {S136} 1.2 5 Mar 2026 <5 <5 <5" \
        in protocols
    assert f"Week 8 {S136} 1.2 <5 <5" in protocols   # week by week too


def test_an_action_owner_and_raiser_in_arabic_or_urdu_read_in_written_order(db, tmp_path):
    # Fictional: a ward manager's role written in Arabic, the chair's name in Urdu.
    role, raiser = "مدير الجناح", "زینب اعوان"
    mt.add_action(db, title="Visit the suite", raised_by=raiser, owner_agency="health",
                  owner_role=role, due_date=dt.date(2026, 5, 1),
                  now=dt.datetime(2026, 2, 1, 9, 0))
    data = make(db, tmp_path)
    lines = [unicodedata.normalize("NFKC", line) for page in pages(data)
             for line in page.splitlines()]
    changed = " ".join(flat(line) for line in lines)
    changed = between(changed, "Visit the suite", "Open actions")
    # Joined (Noto Sans Arabic draws every Arabic-script word, DejaVu has no ے or ہ) and
    # in reading order, each word as written, not drawn letter by letter backwards.
    assert role in changed and raiser in changed, changed
    assert "اعوان زینب" not in changed and "حانجلا" not in changed
    assert "NotoSansArabic-Regular" in {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()}
