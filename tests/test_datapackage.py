"""data/datapackage.json: generated from the contract, current, and valid for Frictionless."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import DATA_DIR

from dashboard import datapackage
from dashboard.registry import DATASETS


def test_the_committed_package_is_what_the_contract_generates():
    committed = (DATA_DIR / datapackage.FILE_NAME).read_text(encoding="utf-8")
    assert committed == datapackage.render(), (
        "data/datapackage.json is stale: run `python -m dashboard datapackage`")


def test_every_file_is_a_resource_with_its_keys():
    package = datapackage.package()
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(DATASETS)
    assert resources["statements"]["schema"]["primaryKey"] == "statement_id"
    keys = resources["responses"]["schema"]["foreignKeys"]
    assert {"fields": "demand_id", "reference": {"resource": "demands",
                                                 "fields": "demand_id"}} in keys
    tier = next(f for f in resources["sources"]["schema"]["fields"] if f["name"] == "tier")
    assert tier["constraints"]["enum"] == ["primary", "wire", "outlet", "reprint", "reference"]


def _frictionless() -> str:
    found = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    assert found, "frictionless is a test dependency (pyproject.toml)"
    return found


def test_frictionless_validates_the_data():
    run = subprocess.run([_frictionless(), "validate", "--json",
                          str(DATA_DIR / datapackage.FILE_NAME)],
                         capture_output=True, text=True, timeout=300)
    report = json.loads(run.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:3000]


def test_frictionless_catches_a_broken_copy(tmp_path):
    """The package's constraints bite: a side outside the contract fails validation."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "statements.csv"
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[1] = text[1].replace(",US,", ",Mars,", 1).replace(",Russia,", ",Mars,", 1)
    path.write_text("".join(text), encoding="utf-8")
    run = subprocess.run([_frictionless(), "validate", "--json",
                          str(folder / datapackage.FILE_NAME)],
                         capture_output=True, text=True, timeout=300)
    assert not json.loads(run.stdout)["valid"]


def test_the_whole_dataset_downloads_as_one_zip():
    with zipfile.ZipFile(io.BytesIO(datapackage.zip_bytes(DATA_DIR))) as bundle:
        names = set(bundle.namelist())
    prefix = "us-russia-dialogue-data/"
    assert {f"{prefix}{n}.csv" for n in DATASETS} <= names
    assert {f"{prefix}datapackage.json", f"{prefix}README.md",
            f"{prefix}cards/sources.md"} <= names
