"""Hostile and merely broken site policy files, made on demand (none is stored in the repo).

Each case is a name, the file's bytes, and the keys whose problems must be named. The app
must read every one into a Policy with problems, run on defaults for the rest, and never
raise: "a broken policy never stops the app".
"""

from __future__ import annotations

import json
from pathlib import Path

GOOD_KEY = "lIYaCExvEJgK7eiCXAyGzIHVMSjIaaFfGf/jkzWdKhc="


def _json(document) -> bytes:
    return json.dumps(document).encode("utf-8")


def cases() -> dict[str, tuple[bytes, set[str]]]:
    """name -> (file bytes, policy keys that must each be named in a problem).

    An empty key set means the whole file is refused with one problem about the file."""
    deep = b'{"contacts": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    return {
        "nested 5,000 deep": (deep, set()),
        "nested 5,000 deep inside an unknown key": (
            b'{"role": "frontline", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}", set()),
        "a number as a folder": (_json({"folders": {"upward": 5}}), {"folders.upward"}),
        "a list as a folder": (_json({"folders": {"downward": ["a"]}}), {"folders.downward"}),
        "a relative folder": (_json({"folders": {"upward": "shares/up"}}), {"folders.upward"}),
        "a null byte in a folder": (_json({"folders": {"upward": "/srv/up\u0000x"}}),
                                    {"folders.upward"}),
        "a number as a key": (_json({"keys": {"advisor_encryption": 5}}),
                              {"keys.advisor_encryption"}),
        "a key that is not base64": (_json({"keys": {"committee_signing": "é" * 44}}),
                                     {"keys.committee_signing"}),
        "a key of the wrong length": (_json({"keys": {"advisor_signing": "AAAA"}}),
                                      {"keys.advisor_signing"}),
        "an unknown folder and key name": (
            _json({"folders": {"sideways": "/srv/x"}, "keys": {"master": GOOD_KEY}}),
            {"folders.sideways", "keys.master"}),
        "folders as a list": (_json({"folders": ["/srv/up"]}), {"folders"}),
        "a number with 5,000 digits": (b'{"cctv_retention_days": ' + b"9" * 5000 + b"}",
                                       {"cctv_retention_days"}),
        "NaN and Infinity": (b'{"contacts": {"aa_scheme_phone": NaN}, '
                             b'"small_count_threshold": Infinity}',
                             {"contacts.aa_scheme_phone", "small_count_threshold"}),
        "1e999": (b'{"notice_working_days": 1e999}', {"notice_working_days"}),
        "a boolean as a number": (_json({"cctv_retention_days": True}),
                                  {"cctv_retention_days"}),
        "a number as a role": (_json({"role": 1}), {"role"}),
        "a nested value as a role": (_json({"role": {"a": [1, {"b": 2}]}}), {"role"}),
        "a name as a staff role": (_json({"staff_role": "Zeb Quillfeather"}), {"staff_role"}),
        "an agency off the list": (_json({"agency": "MI5"}), {"agency"}),
        "a list as an agency": (_json({"agency": ["health"]}), {"agency"}),
        "a number as a site": (_json({"site": 7}), {"site"}),
        "a 100,000-character site": (_json({"site": "x" * 100_000}), {"site"}),
        "sites as an object": (_json({"sites": {"name": "A"}}), {"sites"}),
        "a ward that is a number": (_json({"sites": [{"name": "A", "wards": [1]}]}),
                                    {"sites[0].wards"}),
        "a number as data_dir": (_json({"data_dir": 3}), {"data_dir"}),
        "a relative data_dir": (_json({"data_dir": "data"}), {"data_dir"}),
        "retention as text": (_json({"retention": "all"}), {"retention"}),
        "retention with unknown words": (
            _json({"retention": {"keep_after_receipt": "reference,everything"}}),
            {"retention.keep_after_receipt"}),
        "a number as retention": (_json({"retention": {"keep_after_receipt": 1}}),
                                  {"retention.keep_after_receipt"}),
        "schema as an object": (_json({"schema": {"v": [[[[1]]]]}}), {"schema"}),
        # Named in a form that can be printed: control characters as \xNN.
        "a key named with control characters": (_json({"ro\u0007le\n": "frontline"}),
                                                {"ro\\x07le\\x0a"}),
        "the same key twice": (b'{"role": "frontline", "role": "committee"}', {"role"}),
        "a JSON array": (b"[1, 2, 3]", set()),
        "a JSON string": (b'"frontline"', set()),
        "not JSON": (b"role = frontline\n", set()),
        "an empty file": (b"", set()),
        "UTF-16": ('{"role": "frontline"}'.encode("utf-16"), set()),
        "binary": (bytes(range(256)) * 4, set()),
        "a 2 MB file": (b'{"site": "' + b"x" * 2_000_000 + b'"}', set()),
    }


def write_all(folder: Path) -> dict[str, tuple[Path, set[str]]]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for number, (name, (data, keys)) in enumerate(cases().items()):
        path = folder / f"hostile-{number:02d}.json"
        path.write_bytes(data)
        written[name] = (path, keys)
    return written
