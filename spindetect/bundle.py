"""Model bundles: a folder with ``manifest.json``, ``.npz`` arrays and ``.json`` parameters.

Loading never executes code from a model file: arrays are read with
``allow_pickle=False`` and parameters are JSON. Every file's sha256 is listed
in the manifest and checked on load, so a truncated download or a tampered
file fails loudly, naming the file, instead of scoring with a broken model.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "BundleError",
    "pack_strings",
    "read_bundle",
    "read_npz",
    "unpack_strings",
    "write_bundle",
]

FORMAT = "spindetect-model"
FORMAT_VERSION = 2


class BundleError(ValueError):
    """A model folder is missing, incomplete, altered, or of an unknown format."""


def pack_strings(strings: list[str]) -> np.ndarray:
    """Strings as one UTF-8 blob (uint8): far smaller than a fixed-width unicode array."""
    for s in strings:
        if "\n" in s:
            raise ValueError(f"string {s!r} contains a newline")
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def unpack_strings(blob: np.ndarray) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _sha256(path: Path) -> str:
    # 4 MB blocks: hashlib releases the GIL while it hashes each one (see read_npz).
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def write_bundle(
    folder: Path,
    arrays: dict[str, dict[str, np.ndarray]],
    params: dict[str, Any],
    info: dict[str, Any],
) -> Path:
    """Write ``<name>.npz`` per array group, ``params.json`` and ``manifest.json``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    for name, group in arrays.items():
        path = folder / f"{name}.npz"
        np.savez_compressed(path, **group)
        files[path.name] = _sha256(path)
    params_path = folder / "params.json"
    params_path.write_text(json.dumps(params, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    files[params_path.name] = _sha256(params_path)
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **info, "files": files}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return folder


def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / "manifest.json"
    if not path.is_file():
        raise BundleError(f"{path}: no manifest.json here; is this a spindetect model folder?")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BundleError(f"{path}: not valid JSON ({err})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"{path}: not a spindetect model manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BundleError(
            f"{path}: model format version {manifest.get('format_version')!r} is not supported "
            f"(this spindetect reads version {FORMAT_VERSION})"
        )
    if not isinstance(manifest.get("files"), dict):
        raise BundleError(f"{path}: the manifest lists no files")
    return manifest


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` file, never unpickling anything.

    Each member is inflated in one call, and the array is a read-only view of
    the inflated bytes. numpy's own reader inflates in 256 KB reads, taking
    the GIL back between them; zlib releases it for a whole call, so a model
    loading in a worker thread runs alongside the import of spaCy (see
    ``api._load_alongside_tokenizer``). Viewing rather than copying keeps the
    loaded model as small in memory as numpy's reader left it.
    """
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not member.endswith(".npy"):
                raise ValueError(f"unexpected member {member!r}")
            raw = archive.read(member)
            header = io.BytesIO(raw)
            version = np.lib.format.read_magic(header)
            if version == (1, 0):
                shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(header)
            else:
                shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(header)
            if dtype.hasobject:
                raise ValueError(f"{member} holds Python objects, which would need unpickling")
            count = int(np.prod(shape, dtype=np.int64))
            flat = np.frombuffer(raw, dtype=dtype, count=count, offset=header.tell())
            arrays[member[: -len(".npy")]] = flat.reshape(shape, order="F" if fortran_order else "C")
    return arrays


def read_bundle(folder: Path) -> tuple[dict[str, Any], dict[str, dict[str, np.ndarray]], dict[str, Any]]:
    """Verify and load a bundle: (manifest, arrays by group, params)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    arrays: dict[str, dict[str, np.ndarray]] = {}
    params: dict[str, Any] = {}
    for name, expected in manifest["files"].items():
        path = folder / name
        if Path(name).name != name or not path.is_file():
            raise BundleError(f"{path}: listed in manifest.json but missing")
        actual = _sha256(path)
        if actual != expected:
            raise BundleError(
                f"{path}: checksum mismatch (file altered or truncated): expected {expected}, got {actual}"
            )
        try:
            if name.endswith(".npz"):
                arrays[name[: -len(".npz")]] = read_npz(path)
            elif name.endswith(".json"):
                params = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, OSError, EOFError, KeyError, zipfile.BadZipFile, UnicodeDecodeError) as err:
            # corrupt, yet the checksum matches
            raise BundleError(f"{path}: cannot be read ({err})") from None
    return manifest, arrays, params
