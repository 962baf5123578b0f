"""Shared fixtures: the shared data folder and the tiny model, built once per session."""

from __future__ import annotations

from pathlib import Path

import os

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "samples" / "carter-baghdad.ar.txt"
NTREX_AR = SHARED / "data" / "ntrex128" / "newstest2019.ar"
NTREX_EN = SHARED / "data" / "ntrex128" / "newstest2019.en"


def need_shared(*paths: Path) -> None:
    for path in paths:
        if not path.exists():
            pytest.skip(f"{path.relative_to(REPO.parent)} not found (../shared beside the checkout)")


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny MarianMT model of `bitext models build-tiny` (tokenizers trained on the text that ships
    in the package, random weights): built once per test session, without ../shared."""
    from bitext.tiny_model import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture(scope="session")
def tiny_engine(tiny_model_dir: Path):
    from bitext.translate import load_engine

    return load_engine(str(tiny_model_dir), device="cpu")


@pytest.fixture(scope="session")
def _shared_ct2_dir(tmp_path_factory) -> Path:
    """One directory of CTranslate2 conversions for the whole session: the default backend (auto)
    converts the tiny model once, not once per test (a few seconds each)."""
    return tmp_path_factory.mktemp("ct2-shared")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch: pytest.MonkeyPatch, _shared_ct2_dir: Path) -> Path:
    """Every test gets its own translation cache directory, outside its tmp_path (its ct2/ conversions
    are shared)."""
    cache = tmp_path_factory.mktemp("cache")
    (cache / "ct2").symlink_to(_shared_ct2_dir, target_is_directory=True)
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(cache))
    return cache


@pytest.fixture
def unwritable_dir(tmp_path: Path) -> Path:
    """A directory in which no file can be created (even by root, via /proc)."""
    if os.name == "posix" and hasattr(os, "geteuid") and os.geteuid() != 0:
        directory = tmp_path / "read-only"
        directory.mkdir()
        directory.chmod(0o500)
        return directory
    if Path("/proc").is_dir():
        return Path("/proc")
    pytest.skip("no unwritable directory available")
