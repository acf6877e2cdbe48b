"""Section 136 in the national tables' shape: the new questions, who is detained, months
beside quarters and financial years, and small counts no subtraction gives back."""

from __future__ import annotations

import datetime as dt
import json
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.core.committee import dashboards, stats
from commonground.core.records import figures as fg
from commonground.core.records import kinds as rk
from commonground.core.records.deid import check
from commonground.core.records.kinds.s136 import fields as sf
from tests.core.test_committee_records import AUTUMN, world  # noqa: F401 (a fixture)
from tests.core.test_record_kinds import full_episode, problems

S136 = rk.KINDS["s136"]


# ------------------------------------------------------------------ the form
def test_the_questions_about_the_person_are_optional_and_say_why_they_are_asked():
    assert problems(full_episode()) == {}          # none of them answered: nothing stops it
    person = next(s for s in S136.sections if s.key == "person")
    assert person.title == "2. About the person (optional)"
    assert all(not spec.required for spec in person.fields)
    gender = S136.fields["gender"]
    assert "whether any group is detained more often" in gender.help
    assert "only as counts, never with a name" in gender.help


def test_answers_that_contradict_each_other_are_refused_with_the_reason():
    found = problems(full_episode(age_band="16_17"))
    assert found == {"age_band": "This band is under 18, but the age says 18 or over. "
                                 "Check both."}
    found = problems(full_episode(age="under_18", age_band="35_49"))
    assert "the age says under 18" in found["age_band"]
    assert problems(full_episode(age="not_sure", age_band="18_34")) == {}
    found = problems(full_episode(ethnicity="white", ethnic_category="N"))
    assert found == {"ethnic_category": "This category is not in the ethnic group chosen "
                                        "above (White). Check both."}
    assert problems(full_episode(ethnicity="black", ethnic_category="N")) == {}
    found = problems(full_episode(conveyance="none_already_at_pos", already_at_pos="no"))
    assert "already at a place of safety" in found["conveyance"]


def test_an_under_18_band_keeps_the_child_out_of_a_police_station_first_or_later():
    station = {"place_type": "police_station", "site": "",
               "station_reason": "imminent_risk"}
    found = problems(full_episode(age="not_sure", age_band="under_16", **station))
    assert "s136A" in found["place_type"]
    found = problems(full_episode(age="under_18", transferred="yes",
                                  transfer_place="police_station"))
    assert "s136A" in found["transfer_place"]
    assert "transfer_place" not in problems(full_episode(transferred="yes",
                                                         transfer_place="police_station"))


def test_a_transfer_names_where_to_and_cannot_be_before_arrival():
    assert problems(full_episode(transferred="yes")) == {
        "transfer_place": "Choose the place of safety the person was moved to."}
    found = problems(full_episode(transferred="yes", transfer_place="health_based",
                                  transferred_at="2026-11-19T22:30:00"))
    assert found == {"transferred_at": "This is before arrival at the first place of "
                                       "safety. Check both times."}


# ------------------------------------------------------------------ what the committee gets
def test_the_committee_gets_codes_only_and_takes_an_older_senders_record():
    data = full_episode(gender="female", ethnicity="black", ethnic_category="N",
                        officer_ethnicity="black", conveyance="police_vehicle",
                        police_vehicle_why="crew_refused",
                        police_vehicle_reason="Crew said the person was too agitated",
                        doctor_arrived_at="2026-11-19T23:55:00")
    record = S136.committee.deidentify(b"k" * 32, {"uuid": "u1", "data": data}, {})
    assert record["ethnicity"] == "black" and record["gender"] == "female"
    assert record["police_vehicle_why"] == "crew_refused" and record["doctor_minutes"] == 60
    assert "ethnic_category" not in record                      # recorded locally only
    assert "too agitated" not in json.dumps(record)
    shape = S136.committee.shape
    assert check(record, shape) is None
    for key in ("gender", "ethnicity", "officer_ethnicity", "police_vehicle_why"):
        assert check({**record, key: "Crew said so"}, shape), key
    older = {k: v for k, v in record.items() if k not in shape.added}
    assert check(older, shape) is None                          # a sender not yet updated
    assert check({k: v for k, v in older.items() if k != "conveyance"}, shape)


def test_who_is_detained_as_counted_by_hand(world):  # noqa: F811 (the fixture)
    tables = stats.figures(world.committee.db, AUTUMN).tables
    ethnicity = tables["s136_ethnicity"]
    assert ethnicity.columns == ["Ethnic group", "Episodes", "Share of episodes",
                                 "Police vehicle", "Police station first",
                                 "Then detained (s2 or s3)"]
    assert ethnicity.rows == [
        ["White", 1, "14%", 1, 0, 0], ["Mixed / Multiple ethnic groups", 1, "14%", 0, 0, 0],
        ["Asian / Asian British", 1, "14%", 0, 1, 0],
        ["Black / African / Caribbean / Black British", 2, "29%", 1, 1, 2],
        ["Other ethnic group", 0, "0%", 0, 0, 0],
        ["Not stated (the person chose not to say)", 1, "14%", 0, 0, 0],
        ["Not known (not asked, or could not be asked)", 1, "14%", 0, 0, 1]]
    assert ethnicity.note.startswith("Compare with: NHS England")
    assert [row[:2] for row in tables["s136_gender"].rows] == [
        ["Male", 3], ["Female", 3], ["Other", 0], ["Not known", 1]]
    assert [row[:2] for row in tables["s136_age_bands"].rows] == [
        ["Under 16", 0], ["16 to 17", 1], ["18 to 34", 2], ["35 to 49", 1], ["50 to 64", 1],
        ["65 and over", 0], ["Not known", 2]]
    assert [row[:2] for row in tables["s136_officer_ethnicity"].rows] == [
        ["White", 1], ["Black", 2], ["Asian", 1], ["Mixed", 0], ["Chinese or other", 0],
        ["Not known", 3]]
    assert tables["police_vehicle_reasons"].rows == [
        ["Ambulance not available within 30 minutes", 1, "50%"],
        ["Ambulance not requested", 1, "50%"],
        ["Ambulance diverted to a higher priority call", 0, "0%"],
        ["Ambulance crew refused to convey", 0, "0%"], ["Other", 0, "0%"],
        ["Not known", 0, "0%"]]
    assert tables["s136_assessment"].rows[0] == ["Sep 2026", 3, 60, 120, 1]
    assert tables["s136_limits"].note.startswith(fg.LOCAL)
    assert tables["s136_by_month"].note.startswith(fg.LOCAL)


def test_months_sit_beside_quarters_and_financial_years(world):  # noqa: F811
    table = stats.figures(world.committee.db, AUTUMN).tables["s136_periods"]
    assert table.columns == ["Period", "Detentions", "Police vehicle", "Police station first"]
    assert table.rows == [
        ["Sep 2026", 3, 1, 0],
        ["Quarter Jul–Sep 2026 (Q2 2026/27) (part)", 3, 1, 0],
        ["Oct 2026", 4, 1, 2],
        ["Quarter Oct–Dec 2026 (Q3 2026/27) (part)", 4, 1, 2],
        ["Year 2026/27 (April–March) (part)", 7, 2, 2]]
    whole = dashboards.by_period(
        fg.ByPeriod("p", "P", (fg.Count("Detentions"),)), [],
        stats.Filters(dt.date(2026, 1, 1), dt.date(2026, 6, 30)))
    assert [row[0] for row in whole.rows] == [
        "Jan 2026", "Feb 2026", "Mar 2026", "Quarter Jan–Mar 2026 (Q4 2025/26)",
        "Year 2025/26 (April–March) (part)", "Apr 2026", "May 2026", "Jun 2026",
        "Quarter Apr–Jun 2026 (Q1 2026/27)", "Year 2026/27 (April–March) (part)"]


# ------------------------------------------------------------------ small counts
def recoverable(table: stats.Table, shown: stats.Table,
                threshold: int = 5) -> list[tuple[int, int]]:
    """The small hidden counts that the shown counts and the sums pin down (a total known from
    elsewhere, the headline's, counts as known unless it is small and so hidden there too).

    Two ways: exact arithmetic (a cell whose unit vector lies in the row space of the sums
    restricted to the hidden cells), and bounds (a "<5" is 1 to 4, any other hidden count
    at least 0), narrowed sum by sum until nothing changes. The bounds use the table's own
    sums: when every count of a table is small, the headline total alone can bound them
    (two "<5" in a table of 8 are both 4), which no hiding inside the table prevents; the
    README says so."""
    hidden = [(r, c) for r, row in enumerate(shown.rows) for c, value in enumerate(row)
              if c and isinstance(table.rows[r][c], int) and not isinstance(value, int)]
    index = {cell: n for n, cell in enumerate(hidden)}
    equations = []        # (coefficients over the hidden cells, what they add up to)
    for total, members in table.sums:
        for column in range(1, len(table.columns)):
            cells = list(members) + ([total] if total is not None else [])
            if not all(isinstance(table.rows[r][column], int) for r in cells):
                continue
            if total is None and sum(table.rows[r][column] for r in members) < threshold:
                continue
            row, known = [Fraction(0)] * len(hidden), Fraction(0)
            for r, sign in [(r, 1) for r in members] + ([(total, -1)] if total is not None
                                                        else []):
                if (r, column) in index:
                    row[index[(r, column)]] += sign
                else:
                    known -= sign * table.rows[r][column]
            if total is None:
                known += sum(table.rows[r][column] for r in members)
            if any(row):
                equations.append((row, known, total is not None))
    found = set()
    base = _rank([row for row, _, _ in equations])
    for cell, n in index.items():
        unit = [Fraction(int(i == n)) for i in range(len(hidden))]
        if _rank([row for row, _, _ in equations] + [unit]) == base:
            found.add(cell)
    big = 10 ** 9
    low = [1 if shown.rows[r][c] == f"<{threshold}" else 0 for r, c in hidden]
    high = [threshold - 1 if shown.rows[r][c] == f"<{threshold}" else big for r, c in hidden]
    for _ in range(100):
        changed = False
        for row, known, inside in equations:
            if not inside:
                continue
            for i, coefficient in enumerate(row):
                if not coefficient:
                    continue
                rest_low = sum(min(a * low[j], a * high[j]) for j, a in enumerate(row)
                               if j != i and a)
                rest_high = sum(max(a * low[j], a * high[j]) for j, a in enumerate(row)
                                if j != i and a)
                ends = sorted(((known - rest_high) / coefficient,
                               (known - rest_low) / coefficient))
                new_low, new_high = max(low[i], ends[0]), min(high[i], ends[1])
                if (new_low, new_high) != (low[i], high[i]):
                    low[i], high[i], changed = new_low, new_high, True
        if not changed:
            break
    found |= {cell for cell, n in index.items() if low[n] == high[n]}
    # What must stay hidden is a small count; a larger one hidden beside it only guards it.
    return sorted(cell for cell in found if shown.rows[cell[0]][cell[1]] == f"<{threshold}")


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(row) for row in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank])]
        rank += 1
    return rank


def test_a_hidden_count_cannot_be_recovered_by_subtraction(world):  # noqa: F811
    tables = stats.figures(world.committee.db, AUTUMN).tables
    periods = tables["s136_periods"]
    shown = stats.suppressed(periods, 5)
    # September's 3 and October's 4 are hidden, and so are their quarters; the year's 7
    # stands, since two hidden quarters under it cannot be told apart.
    assert [row[1] for row in shown.rows] == ["<5", "<5", "<5", "<5", 7]
    # Police vehicle: one in each month, two in the year: all hidden but nothing left to
    # subtract. Police station first: September's 0 is shown; October's 2 is hidden, and
    # its quarter's 2; the year (2) would give both back, so it is not shown either.
    assert [row[3] for row in shown.rows] == [0, 0, "<5", "<5", "<5"]
    for key in ("s136_periods", "s136_ethnicity", "conveyance", "place_of_safety",
                "station_reasons", "s136_age_bands", "s136_by_month"):
        assert recoverable(tables[key], stats.suppressed(tables[key], 5)) == [], key


def test_only_one_small_count_in_a_column_takes_the_next_smallest_with_it():
    table = stats.Table("T", ["Group", "Episodes", "Share"],
                        rows=[["A", 40, "73%"], ["B", 3, "5%"], ["C", 12, "22%"]],
                        sums=[(None, (0, 1, 2))])
    shown = stats.suppressed(table, 5)
    assert shown.rows == [["A", 40, "73%"], ["B", "<5", "not shown"],
                          ["C", "not shown", "not shown"]]
    assert recoverable(table, shown) == []
    # A zero beside it would protect nothing (3 + 0 is still 3): the next count above zero.
    table.rows.insert(2, ["Z", 0, "0%"])
    table.sums = [(None, (0, 1, 2, 3))]
    assert [row[1] for row in stats.suppressed(table, 5).rows] == [40, "<5", 0, "not shown"]
    # Without the sums (no total anywhere) only the small count is hidden.
    assert stats.suppressed(stats.Table("T", ["G", "N"], rows=[["A", 40], ["B", 3]]),
                            5).rows == [["A", 40], ["B", "<5"]]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=30), st.integers(0, 11),
       st.integers(3, 10))   # "<2" can only ever be 1
def test_no_period_table_gives_a_hidden_count_back(per_month, first, threshold):
    """Random months (many small) over quarter and year boundaries: whatever is hidden,
    no combination of the shown months, quarters and years pins it down."""
    start = dt.date(2025 + first // 12, first % 12 + 1, 1)
    rows, month = [], start
    for count in per_month:
        rows += [{"month": f"{month:%Y-%m}", "x": n} for n in range(count)]
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    end = month - dt.timedelta(days=1)
    figure = fg.ByPeriod("p", "P", (fg.Count("All"), fg.Count("Even", lambda r: r["x"] % 2)))
    table = dashboards.by_period(figure, rows, stats.Filters(start, end))
    shown = stats.suppressed(table, threshold)
    assert recoverable(table, shown, threshold) == []
    for full, seen in zip(table.rows, shown.rows):
        for value, cell in zip(full[1:], seen[1:]):
            assert cell == value or cell in (f"<{threshold}", stats.NOT_SHOWN)
            assert cell != f"<{threshold}" or 0 < value < threshold


def test_the_demo_has_people_of_every_group_and_reasons_for_police_vehicles():
    rng = random.Random(5)
    now = dt.datetime(2026, 12, 1, 9, 0)
    made = [S136.demo.record(rng, now, S136.demo.timing(rng, now, False, rk.Span()),
                             rk.Span()).data for _ in range(400)]
    groups = {data.get("ethnicity") for data in made}
    assert {code for code, _ in sf.ETHNIC_GROUPS} <= groups
    vehicle = [data for data in made if data["conveyance"] == "police_vehicle"]
    assert vehicle and all(data["police_vehicle_why"] for data in vehicle)
    assert any(data.get("transferred") == "yes" for data in made)
    assert any(data.get("station_reason") == "arrested" for data in made)


@pytest.mark.parametrize("code", [code for code, _ in sf.ETHNIC_CATEGORIES])
def test_every_nhs_category_sits_in_one_of_the_five_groups_or_not_stated(code):
    assert sf.CATEGORY_GROUP[code] in {key for key, _ in sf.ETHNIC_GROUPS}


# ------------------------------------------------------------------ the meeting pack
def test_the_pack_sets_section_136_beside_the_national_tables(world, tmp_path):  # noqa: F811
    from tests.core.test_committee_records import between, pack_text

    body = pack_text(world.committee.db, tmp_path)
    episodes = between(body, "4 Section 136: removal to a place of safety", "5 Thanks")
    page = between(episodes, "Section 136 compared with the national tables",
                   "Section 136 detentions by month, quarter and financial year Bars")
    assert "Caution: police and NHS counts differ." in page
    assert "about 32,000 against about 20,000" in page
    assert "Who is detained: ethnic group, as the person describes it NHS England, Mental " \
           "Health Act statistics (section 136)" in page
    assert "Safeguards and the time limit Local measure: no national comparator." in page
    assert "Year 2026/27 (April–March) (part) 7 2 2" in episodes
    assert "Black / African / Caribbean / Black British 2 29% 1 1 2" in episodes
    shared = between(pack_text(world.committee.db, tmp_path, share_outside=True),
                     "4 Section 136: removal to a place of safety", "5 Thanks")
    assert "Black / African / Caribbean / Black British <5 not shown <5 <5 <5" in shared


# ------------------------------------------------------------------ CSV for analysts
def test_each_table_is_a_csv_in_the_national_layout(world, tmp_path):  # noqa: F811
    from commonground.core.committee import exports

    written = exports.write_kind_csvs(world.committee.db, S136, AUTUMN, tmp_path, share=False)
    names = sorted(path.name for path in written)
    assert names == sorted(f"s136-{figure.key}-2026-09-01-to-2026-10-31.csv"
                           for figure in S136.committee.dashboard.figures)
    assert not list(tmp_path.glob(".*partial"))
    data = (tmp_path / "s136-s136_ethnicity-2026-09-01-to-2026-10-31.csv").read_bytes()
    lines = data.split(b"\r\n")
    assert lines[0] == ("\ufeffPeriod from,Period to,Area,Table,Set beside,Ethnic group,"
                        "Episodes,Share of episodes,Police vehicle,Police station first,"
                        "Then detained (s2 or s3)").encode()
    assert lines[4] == ("2026-09-01,2026-10-31,All sites,\"Who is detained: ethnic group, as "
                        "the person describes it\",\"NHS England, Mental Health Act statistics "
                        "(section 136), and the Welsh Government's section 135 and 136 "
                        "detentions.\",Black / African / Caribbean / Black British,2,29%,1,1,2"
                        ).encode()
    assert len(lines) == 9 and lines[-1] == b""          # header, 7 groups, final CRLF
    periods = (tmp_path / "s136-s136_periods-2026-09-01-to-2026-10-31.csv").read_bytes()
    assert periods.endswith("Year 2026/27 (April–March) (part),7,2,2\r\n".encode())


def test_a_shared_csv_hides_small_counts_and_no_cell_can_run_as_a_formula(tmp_path):
    from commonground.core.committee import exports

    table = stats.Table("T", ["Site", "Episodes"], rows=[["=HYPERLINK(\"x\")", 3],
                                                         ["Riverside", 40]],
                        sums=[(None, (0, 1))])
    shown = stats.suppressed(table, 5)
    data = exports.table_csv(shown, stats.Filters(dt.date(2026, 4, 1), dt.date(2027, 3, 31),
                                                  site="@Ward"), "Compare with: X.")
    assert data == ("\ufeffPeriod from,Period to,Area,Table,Set beside,Site,Episodes\r\n"
                    "2026-04-01,2027-03-31,'@Ward,T,X.,\"'=HYPERLINK(\"\"x\"\")\",<5\r\n"
                    "2026-04-01,2027-03-31,'@Ward,T,X.,Riverside,not shown\r\n").encode()


# ------------------------------------------------------------------ areas
def test_sites_are_grouped_by_the_police_force_area_and_nhs_area_the_policy_gives(
        world):  # noqa: F811
    import dataclasses

    areas = (("Riverside Hospital", "Northshire Police", "North Trust, North ICB"),)
    tables = stats.figures(world.committee.db,
                           dataclasses.replace(AUTUMN, areas=areas)).tables
    table = tables["s136_by_area"]
    assert table.columns == ["Police force area", "NHS provider and ICB, or Welsh health "
                             "board", "Sites", "Detentions"]
    assert table.rows == [
        ["Northshire Police", "North Trust, North ICB", "Riverside Hospital", 4],
        ["Not set in the site policy", "Not set in the site policy", "None given, Other", 3]]
    shown = stats.suppressed(table, 5)
    assert shown.rows[0][3] == "<5" and recoverable(table, shown) == []
    bare = stats.figures(world.committee.db, AUTUMN).tables["s136_by_area"]
    assert "No site's police force area or NHS area is set in the site policy" in bare.note


def test_the_site_policy_names_each_sites_areas_and_refuses_what_is_not_text():
    from commonground.policy import parse_policy

    policy = parse_policy(json.dumps({"sites": [
        {"name": "Riverside Hospital", "wards": ["Cedar"], "police_force_area": "Northshire",
         "nhs_area": "North Trust, North ICB"},
        {"name": "Hillside Unit", "nhs_area": 7}]}))
    assert policy.areas() == (("Riverside Hospital", "Northshire", "North Trust, North ICB"),)
    assert policy.sites[1].nhs_area == "" and policy.sites[0].wards == ("Cedar",)
    assert [(p.key, p.message) for p in policy.problems] == [
        ("sites[1].nhs_area", "must be a text, not 7")]
