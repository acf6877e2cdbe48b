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
