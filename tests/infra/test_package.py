"""The zips `make package` builds: size, contents, target platform, bytecode and cold import."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from bench import coldstart
from deploy.iam_audit import client_services
from tests.infra.conftest import Packaged

# One xdist worker runs every infra test, so the service is packaged once (into folders of its own).
pytestmark = pytest.mark.xdist_group("infra")

API_ZIP_LIMIT = 15 * 1024 * 1024
AARCH64 = 0xB7  # ELF e_machine


def _names(packaged: Packaged, function: str) -> list[str]:
    with zipfile.ZipFile(packaged.zip_path(function)) as archive:
        return archive.namelist()


def _top_level(names: list[str]) -> set[str]:
    return {name.split("/", 1)[0] for name in names}


def test_the_api_zip_is_under_15_mb_and_leaves_out_the_worker_only_libraries(packaged: Packaged) -> None:
    api, worker = _names(packaged, "api"), _names(packaged, "worker")
    assert packaged.zip_path("api").stat().st_size < API_ZIP_LIMIT
    assert not {"openai", "httpx"} & _top_level(api)
    assert {"openai", "httpx", "functions"} <= _top_level(worker)
    assert {"flask", "boto3", "botocore", "pydantic", "mangum", "a2wsgi", "jwt", "functions"} <= _top_level(api)


def test_each_zip_carries_the_content_bundle_where_the_settings_look_for_it(packaged: Packaged) -> None:
    built = json.loads((packaged.build_dir / "bundle" / "bundle.json").read_text(encoding="utf-8"))
    for function in ("api", "worker"):
        with zipfile.ZipFile(packaged.zip_path(function)) as archive:
            shipped = json.loads(archive.read("build/bundle/bundle.json"))
        assert shipped == built
        assert shipped["content_hash"]


def test_every_native_library_is_built_for_python_3_12_on_arm64(packaged: Packaged) -> None:
    for function in ("api", "worker"):
        with zipfile.ZipFile(packaged.zip_path(function)) as archive:
            libraries = [name for name in archive.namelist() if name.endswith(".so")]
            assert libraries, "expected compiled libraries (pydantic_core, cryptography)"
            for name in libraries:
                header = archive.read(name)[:20]
                assert header[:4] == b"\x7fELF", name
                assert int.from_bytes(header[18:20], "little") == AARCH64, name
                assert ".abi3." in name or "cpython-312-aarch64" in name, name


def test_code_and_dependencies_ship_precompiled_for_python_3_12(packaged: Packaged) -> None:
    for function in ("api", "worker"):
        names = set(_names(packaged, function))
        assert f"functions/__pycache__/{function}.cpython-312.pyc" in names, (
            "no bytecode for the handler: the build found no Python 3.12 (set LAMBDA_BUILD_PYTHON)"
        )
        assert "pydantic/__pycache__/main.cpython-312.pyc" in names
        assert "flask/__pycache__/app.cpython-312.pyc" in names
        assert not [n for n in names if n.endswith(".pyc") and "cpython-312" not in n]


def test_botocore_keeps_exactly_the_service_models_of_the_clients_bootstrap_creates(packaged: Packaged) -> None:
    for function in ("api", "worker"):
        kept = {
            n.split("/")[2] for n in _names(packaged, function) if n.startswith("botocore/data/") and n.count("/") >= 3
        }
        assert kept == client_services()


def _swap_in_host_builds(unpacked: Path) -> None:
    """Replace the arm64 libraries with this machine's builds of the same versions, so it can import them."""
    site = Path(sysconfig.get_paths()["platlib"])
    for record in unpacked.glob("*.dist-info/RECORD"):
        files = [line.split(",", 1)[0] for line in record.read_text(encoding="utf-8").splitlines()]
        native = {f.split("/", 1)[0] for f in files if f.endswith(".so")}
        if not native:
            continue
        name, version = record.parent.name.removesuffix(".dist-info").rsplit("-", 1)
        assert metadata.version(name) == version, f"the venv's {name} differs from the shipped {version}"
        for top in native:
            shipped = unpacked / top
            if shipped.is_dir():
                shutil.rmtree(shipped)
                shutil.copytree(site / top, shipped)
            else:
                shipped.unlink()
                host = next(site.glob(f"{top.split('.', 1)[0]}.*.so"))
                shutil.copy2(host, unpacked / host.name)


def _isolated(unpacked: Path, code: str) -> list[str]:
    """Run `code` with only the standard library and the unpacked zip importable (no site-packages)."""
    prelude = f"import sys; sys.path.insert(0, {str(unpacked)!r}); "
    return [sys.executable, "-I", "-S", "-c", prelude + code]


# The zip's libraries are arm64 builds for 3.12 and this machine is neither, so the compiled
# ones are swapped for host builds of the very same versions; everything else is the zip's own.
@pytest.fixture(scope="module")
def unpacked_api(packaged: Packaged, tmp_path_factory: pytest.TempPathFactory) -> Path:
    unpacked = tmp_path_factory.mktemp("api-zip")
    with zipfile.ZipFile(packaged.zip_path("api")) as archive:
        archive.extractall(unpacked)
    _swap_in_host_builds(unpacked)
    return unpacked


def test_the_api_zip_imports_on_its_own_without_openai(unpacked_api: Path) -> None:
    stdlib = sysconfig.get_paths()["stdlib"]
    check = (
        f"{coldstart.API}; import functions.web.areas as areas; areas.load_all_areas(); "
        "assert 'openai' not in sys.modules; "
        f"outside = [m for m, mod in sys.modules.items() if getattr(mod, '__file__', None) and not "
        f"mod.__file__.startswith(({str(unpacked_api)!r}, {stdlib!r}))]; "
        "assert not outside, outside"
    )
    subprocess.run(_isolated(unpacked_api, check), check=True, cwd=unpacked_api)


# The honest path, as a cold Lambda runs it: a fresh interpreter imports the handler from the zip
# and serves one first request per area of the API (none needs AWS, so nothing leaves the
# machine). CPU time, so the other test worker barely moves it; commands interleaved, medians.
@pytest.mark.slow
def test_a_cold_api_zip_serves_each_areas_first_request_within_the_cold_start_budget(unpacked_api: Path) -> None:
    commands = {"libraries": _isolated(unpacked_api, coldstart.DEPENDENCIES)}
    for area, request in coldstart.FIRST_REQUESTS.items():
        commands[area] = _isolated(unpacked_api, coldstart.first_request_code(request))
    medians = coldstart.interleaved_medians(commands, 7, cwd=unpacked_api, env=coldstart.environment())
    ratios = {area: medians[area] / medians["libraries"] for area in coldstart.FIRST_REQUESTS}
    print("cold first request from the API zip, x its libraries (CPU, medians of 7):", _rounded(ratios))
    assert _rounded({area: r for area, r in ratios.items() if r > coldstart.TARGET_RATIO}) == {}


def _rounded(ratios: dict[str, float]) -> dict[str, float]:
    return {area: round(ratio, 2) for area, ratio in ratios.items()}
