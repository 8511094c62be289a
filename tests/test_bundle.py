"""Model bundle integrity: a damaged, tampered or foreign model folder fails loudly, naming the problem.

Every test alters a copy of the tiny model (see ``conftest.py``), never the session's original.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

import spindetect
from spindetect.bundle import BundleError, read_bundle
from spindetect.model import Model


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


@pytest.fixture
def model_copy(tiny_model_dir: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(tiny_model_dir, tmp_path / "model"))


def _listed(tiny_model_dir: Path) -> list[str]:
    names = sorted(_manifest(tiny_model_dir)["files"])
    assert names, "the manifest lists no files"
    return names


def test_copy_loads(model_copy: Path) -> None:
    model = Model.load(model_copy)
    assert model.manifest["files"] == _manifest(model_copy)["files"]
    manifest, arrays, params = read_bundle(model_copy)
    assert set(arrays) == {name[: -len(".npz")] for name in manifest["files"] if name.endswith(".npz")}
    assert "span_threshold" in params


def test_altered_byte_is_a_checksum_error_naming_the_file(tiny_model_dir: Path, tmp_path: Path) -> None:
    for name in _listed(tiny_model_dir):
        folder = Path(shutil.copytree(tiny_model_dir, tmp_path / f"altered-{name}"))
        path = folder / name
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))
        with pytest.raises(BundleError) as caught:
            Model.load(folder)
        message = str(caught.value)
        assert name in message and "checksum" in message, message


def test_truncated_file_is_a_checksum_error_naming_the_file(tiny_model_dir: Path, tmp_path: Path) -> None:
    for name in _listed(tiny_model_dir):
        folder = Path(shutil.copytree(tiny_model_dir, tmp_path / f"truncated-{name}"))
        path = folder / name
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        with pytest.raises(BundleError) as caught:
            Model.load(folder)
        message = str(caught.value)
        assert name in message and "checksum" in message, message


def test_deleted_file_is_an_error_naming_it(tiny_model_dir: Path, tmp_path: Path) -> None:
    for name in _listed(tiny_model_dir):
        folder = Path(shutil.copytree(tiny_model_dir, tmp_path / f"deleted-{name}"))
        (folder / name).unlink()
        with pytest.raises(BundleError) as caught:
            Model.load(folder)
        message = str(caught.value)
        assert name in message and "missing" in message, message


def test_unknown_format_version_is_refused(model_copy: Path) -> None:
    manifest = _manifest(model_copy)
    manifest["format_version"] = 999
    _write_manifest(model_copy, manifest)
    with pytest.raises(BundleError) as caught:
        Model.load(model_copy)
    message = str(caught.value)
    assert "version" in message and "999" in message, message


def test_missing_manifest_is_an_error(model_copy: Path) -> None:
    (model_copy / "manifest.json").unlink()
    with pytest.raises(BundleError, match="manifest"):
        Model.load(model_copy)


def test_manifest_that_is_not_json_is_an_error(model_copy: Path) -> None:
    (model_copy / "manifest.json").write_text("format: spindetect-model\nfiles: [\n", encoding="utf-8")
    with pytest.raises(BundleError, match="JSON"):
        Model.load(model_copy)


def test_manifest_that_is_not_utf8_is_an_error(model_copy: Path) -> None:
    (model_copy / "manifest.json").write_bytes(b"\xff\xfe{\x00}\x00")
    with pytest.raises(BundleError):
        Model.load(model_copy)


def test_manifest_cannot_point_outside_the_folder(model_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    manifest = _manifest(model_copy)
    manifest["files"]["../outside.json"] = hashlib.sha256(outside.read_bytes()).hexdigest()
    _write_manifest(model_copy, manifest)
    with pytest.raises(BundleError, match="outside.json"):
        Model.load(model_copy)


class _Marker:
    """Unpickling this object would create ``path``: the proof that model loading ran pickle."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_pickled_object_array_is_refused_without_unpickling(model_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "unpickled.marker"
    target = model_copy / "scorer.npz"
    with np.load(target, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    payload = np.empty(1, dtype=object)
    payload[0] = _Marker(marker)
    # Object first, so that a loader that reads arrays in order meets it before anything else.
    np.savez(target, payload=payload, **arrays)
    with zipfile.ZipFile(target) as archive:
        assert b"unpickled.marker" in archive.read("payload.npy"), "the fixture did not pickle the marker"
    assert not marker.exists()
    manifest = _manifest(model_copy)
    manifest["files"]["scorer.npz"] = hashlib.sha256(target.read_bytes()).hexdigest()
    _write_manifest(model_copy, manifest)

    with pytest.raises((BundleError, ValueError)):
        Model.load(model_copy)
    assert not marker.exists(), "loading the model unpickled an object from an .npz"
    with pytest.raises((BundleError, ValueError)):
        spindetect.load(model_copy)
    assert not marker.exists(), "loading the model unpickled an object from an .npz"


def test_npz_that_is_not_a_zip_but_matches_its_checksum_is_an_error(model_copy: Path) -> None:
    target = model_copy / "scorer.npz"
    target.write_bytes(b"not a zip archive at all")
    manifest = _manifest(model_copy)
    manifest["files"]["scorer.npz"] = hashlib.sha256(target.read_bytes()).hexdigest()
    _write_manifest(model_copy, manifest)
    with pytest.raises(BundleError, match="scorer.npz"):
        Model.load(model_copy)


def test_load_of_missing_folder_is_a_bundle_error(tmp_path: Path) -> None:
    with pytest.raises(BundleError):
        spindetect.load(tmp_path / "no-such-model")


def test_load_of_empty_folder_is_a_bundle_error(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="manifest"):
        spindetect.load(tmp_path)


def test_shipped_model_loads_and_its_manifest_lists_every_file(shipped_model_dir: Path) -> None:
    assert shipped_model_dir.is_dir(), f"no shipped model at {shipped_model_dir}"
    manifest = _manifest(shipped_model_dir)
    on_disk = {p.name for p in shipped_model_dir.iterdir() if p.is_file()} - {"manifest.json"}
    assert set(manifest["files"]) == on_disk
    model = Model.load(shipped_model_dir)
    assert 0.0 <= model.document.threshold <= 1.0


def test_npz_with_a_member_that_is_not_an_array_is_an_error(model_copy: Path) -> None:
    target = model_copy / "scorer.npz"
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("notes.txt", "not an array")
    manifest = _manifest(model_copy)
    manifest["files"]["scorer.npz"] = hashlib.sha256(target.read_bytes()).hexdigest()
    _write_manifest(model_copy, manifest)
    with pytest.raises(BundleError, match=r"scorer\.npz.*notes\.txt"):
        Model.load(model_copy)


def test_bundle_arrays_read_exactly_as_numpy_reads_them() -> None:
    """read_bundle parses .npy members itself (one inflate call, no copy); it must agree with np.load."""
    from spindetect.model import default_model_path

    folder = default_model_path()
    _, arrays, _ = read_bundle(folder)
    for group, members in arrays.items():
        with np.load(folder / f"{group}.npz", allow_pickle=False) as expected:
            assert sorted(members) == sorted(expected.files)
            for name, values in members.items():
                np.testing.assert_array_equal(values, expected[name])
                assert values.dtype == expected[name].dtype and values.shape == expected[name].shape
                assert not values.flags.writeable, "a model's arrays are shared and must not change"


def _rewrite_params(folder: Path, change) -> None:
    params_path = folder / "params.json"
    params = json.loads(params_path.read_text(encoding="utf-8"))
    change(params)
    params_path.write_text(json.dumps(params), encoding="utf-8")
    manifest = _manifest(folder)
    manifest["files"]["params.json"] = hashlib.sha256(params_path.read_bytes()).hexdigest()
    _write_manifest(folder, manifest)


def test_model_trained_with_other_span_features_says_so_once(model_copy: Path) -> None:
    # A model from before the slot features: its scorer would read the wrong columns.
    _rewrite_params(model_copy, lambda p: p.update(span_features=p["span_features"][:-3]))
    with pytest.raises(BundleError) as caught:
        Model.load(model_copy)
    message = str(caught.value)
    assert "other span features" in message
    assert message.count(str(model_copy)) == 1 and message.count("retrain") == 1


def test_model_without_its_slot_model_is_incomplete(model_copy: Path) -> None:
    (model_copy / "slot.npz").unlink()
    manifest = _manifest(model_copy)
    del manifest["files"]["slot.npz"]
    _write_manifest(model_copy, manifest)
    with pytest.raises(BundleError, match="incomplete.*slot"):
        Model.load(model_copy)
