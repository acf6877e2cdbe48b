import json

from tests.conftest import run_cli


def test_search_json_puts_appropriate_adult_first_with_the_promised_fields(data_dir):
    result = run_cli("search", "who can act as AA", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["protocol_id"] == "appropriate-adult"
    for hit in hits:
        assert {"protocol_id", "title", "section", "anchor", "snippet", "score"} <= set(hit)
        assert isinstance(hit["score"], (int, float))
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_limit_and_plain_output(data_dir):
    result = run_cli("search", "section", "136", "--limit", "2", data_dir=data_dir)
    assert result.returncode == 0
    assert result.stdout.startswith("1. ")
    assert "\n2. " in result.stdout and "\n3. " not in result.stdout


def test_a_search_with_no_matches_says_so(data_dir):
    result = run_cli("search", "zzzqqq", data_dir=data_dir)
    assert result.returncode == 0
    assert result.stdout.startswith("No matches.")
    assert json.loads(run_cli("search", "zzzqqq", "--json", data_dir=data_dir).stdout) == []


def test_a_bad_limit_is_a_message_not_a_traceback(data_dir):
    result = run_cli("search", "aa", "--limit", "0", data_dir=data_dir)
    assert result.returncode == 1
    assert "--limit must be 1 or more" in result.stderr
    assert "Traceback" not in result.stderr


def test_protocols_list_json(data_dir):
    result = run_cli("protocols", "list", "--json", data_dir=data_dir)
    rows = json.loads(result.stdout)
    assert len(rows) == 6
    for row in rows:
        assert {"id", "title", "version", "effective", "review_due"} <= set(row)


def test_first_run_creates_the_data_folder_and_database(tmp_path):
    folder = tmp_path / "fresh"
    result = run_cli("--data-dir", str(folder), "protocols", "list")
    assert result.returncode == 0, result.stderr
    assert (folder / "commonground.sqlite3").exists()
    assert (folder / "logs" / "commonground.log").exists()


def test_selftest_passes_and_says_what_it_checked(data_dir):
    result = run_cli("selftest", data_dir=data_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    for words in ("ok    data folder", "ok    database", "ok    protocols: 6 loaded",
                  "ok    search", "ok    render HTML and PDF", "ok    main window",
                  "selftest passed"):
        assert words in result.stdout


def test_selftest_fails_when_the_data_folder_is_unusable(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("--data-dir", str(blocker / "data"), "selftest", "--no-gui")
    assert result.returncode == 1
    assert "FAIL  data folder" in result.stdout


def test_demo_data_then_reports_list_and_pdf(data_dir, tmp_path):
    made = run_cli("demo-data", "--incidents", "40", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    assert "Added 40 fictional reports" in made.stdout
    listed = run_cli("reports", "list", "--json", "--limit", "100", data_dir=data_dir)
    rows = json.loads(listed.stdout)
    assert len(rows) == 40
    assert {"reference", "status", "incident_at", "place", "types"} <= set(rows[0])
    reference = next(r["reference"] for r in rows if r["reference"])
    target = tmp_path / "report.pdf"
    pdf = run_cli("reports", "pdf", reference, "-o", str(target), data_dir=data_dir)
    assert pdf.returncode == 0, pdf.stderr
    assert target.read_bytes().startswith(b"%PDF")
    plain = run_cli("reports", "list", "--status", "draft", data_dir=data_dir)
    assert plain.returncode == 0
    lines = [line for line in plain.stdout.splitlines() if line.strip()]
    assert lines == ["No reports."] or all("Draft" in line for line in lines)


def test_an_unknown_reference_is_a_clear_message(data_dir, tmp_path):
    result = run_cli("reports", "pdf", "CG-2026-XXXX-000001", "-o", str(tmp_path / "x.pdf"),
                     data_dir=data_dir)
    assert result.returncode == 1
    assert "no report with the reference 'CG-2026-XXXX-000001'" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_broken_site_policy_is_reported_but_never_fatal(data_dir, tmp_path):
    policy = tmp_path / "policy.json"
    policy.write_text('{"role": "boss"}', encoding="utf-8")
    result = run_cli("--policy", str(policy), "protocols", "list", data_dir=data_dir)
    assert result.returncode == 0
    assert "role: must be one of frontline, advisor, committee" in result.stderr
