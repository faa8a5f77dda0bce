"""A snapshot of the validated data, so that a fresh server need not read and check every
file again.

:func:`load` gives exactly what :func:`dashboard.datasets.load_datasets` gives (frames,
problems, broken files). The snapshot is keyed by a checksum of the content of every file
in the data folder (CSV files, ``borders.geojson``, the cards…), of the code that reads and
checks them and of the library versions, so any change to any of them makes a new one. It
is written outside the data folder (``$DASHBOARD_CACHE_DIR``, else
``$XDG_CACHE_HOME/dashboard``, else ``~/.cache/dashboard``), to a temporary file renamed
into place, so a reader never finds half a snapshot; an unreadable one is rebuilt. Only
the newest snapshot of each data folder is kept.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from importlib.metadata import version as installed
from pathlib import Path

from dashboard.datasets import Datasets, data_dir_from_env, load_datasets

CACHE_ENV = "DASHBOARD_CACHE_DIR"
FORMAT = 1  # bump when what a snapshot holds changes
#: the modules whose code decides what loading and checking give
CODE = ("datasets.py", "dataset.py", "registry.py", "schemas.py", "references.py",
        "problems.py", "people.py", "text.py", "snapshot.py")
LIBRARIES = ("pandas", "pandera", "pyarrow", "numpy")

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """Where snapshots are written (never inside the data folder)."""
    if os.environ.get(CACHE_ENV, "").strip():
        return Path(os.environ[CACHE_ENV].strip())
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "dashboard"


def checksum(data_dir: Path) -> str:
    """A digest of every file's path and content under ``data_dir``, of the loading code
    and of the library versions."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}|{sys.version}".encode())
    for name in LIBRARIES:
        digest.update(f"|{name}={installed(name)}".encode())
    here = Path(__file__).parent
    for name in CODE:
        digest.update(name.encode() + (here / name).read_bytes())
    folder = Path(data_dir)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(f"|{path.relative_to(folder).as_posix()}|".encode())
        digest.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return digest.hexdigest()


def _folder_key(data_dir: Path) -> str:
    return hashlib.blake2b(str(Path(data_dir).resolve()).encode(), digest_size=8).hexdigest()


def path_for(data_dir: Path) -> Path:
    """The snapshot of ``data_dir`` as its files are now."""
    return cache_dir() / f"data-{_folder_key(data_dir)}-{checksum(data_dir)}.pickle"


def _read(path: Path, data_dir: Path) -> Datasets | None:
    try:
        with path.open("rb") as file:
            held = pickle.load(file)
        return Datasets(data_dir=data_dir, frames=held["frames"],
                        problems=held["problems"], broken=held["broken"])
    except FileNotFoundError:
        return None
    except Exception as err:  # a damaged snapshot: check the files again
        log.warning("ignoring the unreadable data snapshot %s: %s", path, err)
        return None


def _write(path: Path, ds: Datasets) -> None:
    """Write atomically (a temporary file renamed into place), then drop the older
    snapshots of the same folder."""
    held = {"frames": dict(ds.frames), "problems": ds.problems, "broken": ds.broken}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-", suffix=".pickle")
    try:
        with os.fdopen(fd, "wb") as file:
            pickle.dump(held, file, protocol=pickle.HIGHEST_PROTOCOL)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    prefix = path.name.rsplit("-", 1)[0] + "-"
    for old in path.parent.glob(f"{prefix}*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)


def load(data_dir: Path | str | None = None) -> Datasets:
    """The data of ``data_dir`` as :func:`dashboard.datasets.load_datasets` gives it, from
    the snapshot when one matches the files, else checked now (and the snapshot written)."""
    folder = Path(data_dir) if data_dir is not None else data_dir_from_env()
    try:
        path = path_for(folder)
    except OSError:  # a file vanished while being read: no snapshot this time
        return load_datasets(folder)
    found = _read(path, folder)
    if found is not None:
        return found
    ds = load_datasets(folder)
    try:
        if path_for(folder) == path:  # no file changed while it was being checked
            _write(path, ds)
    except OSError as err:  # a read-only or full disk: serve without a snapshot
        log.warning("could not write the data snapshot %s: %s", path, err)
    return ds
