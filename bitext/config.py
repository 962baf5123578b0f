"""User settings: a default model and cache directory without typing them every time.

Precedence, highest first: the command-line option, the environment
(``BITEXT_MODEL``, ``BITEXT_CACHE_DIR``), the config file, bitext's built-in
default. The config file is TOML, at ``$BITEXT_CONFIG`` or else
``config.toml`` in the user config directory (``~/.config/bitext/`` on Linux)::

    model = "/data/models/opus-mt-ar-en"   # a registry name, hub id or local directory
    cache_dir = "/data/cache/bitext"
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

from .errors import FormatError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_ENV = "BITEXT_CONFIG"
MODEL_ENV = "BITEXT_MODEL"
CACHE_ENV = "BITEXT_CACHE_DIR"
KEYS = ("model", "cache_dir")


def config_path() -> Path:
    """Where the config file is read from (it need not exist)."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("bitext")) / "config.toml"


@lru_cache(maxsize=8)
def _read(path: Path, _stamp: float) -> dict[str, str]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError(f"{path}: the bitext config file cannot be read ({exc}); fix or remove it") from None
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(f"{path}: not valid TOML ({exc}); fix or remove the bitext config file") from None
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise FormatError(f"{path}: unknown setting {', '.join(unknown)}; the config file knows {', '.join(KEYS)}")
    for key, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            raise FormatError(f"{path}: {key} must be a non-empty string, e.g. {key} = \"...\"")
    return {k: os.path.expanduser(v) for k, v in raw.items()}


def file_settings() -> dict[str, str]:
    """The settings of the config file ({} when there is none)."""
    path = config_path()
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return {}
    return _read(path, stamp)


def setting(key: str, given: str | None = None) -> tuple[str | None, str]:
    """The value of ``key`` and where it came from: ``given`` (the option), the environment,
    the config file, or ``(None, "default")``."""
    if given:
        return given, "option"
    env = {"model": MODEL_ENV, "cache_dir": CACHE_ENV}[key]
    if os.environ.get(env):
        return os.environ[env], f"${env}"
    value = file_settings().get(key)
    if value:
        return value, str(config_path())
    return None, "default"


def default_model() -> str | None:
    """The model to use when ``--model`` is not given (None: the registry's default)."""
    return setting("model")[0]


def default_cache_dir() -> str | None:
    """The cache directory when ``--cache-dir`` is not given (None: the user cache directory)."""
    return setting("cache_dir")[0]
