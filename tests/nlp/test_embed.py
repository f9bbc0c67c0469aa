"""The sentence embedder's backends: ONNX Runtime must give PyTorch's vectors, export once,
and survive a damaged or unwritable cache (the service's file cache, passed in: the
embedder itself writes no files)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dispatch.requests.model_store import OnnxFileCache
from nlp.routing.embed import Embedder, EmbedderError

TEXTS = [
    "打印机卡纸了，三楼行政区的那台",
    "VPN connection drops every hour, please check",
    "下周的新品发布会需要 logo 和易拉宝设计，预算 2 万",
    "请财务部开具增值税专用发票",
]


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return Embedder(backend="torch").encode(TEXTS)


def _onnx_files(root: Path) -> list[Path]:
    return sorted(root.rglob("model.onnx"))


def test_onnx_backend_gives_pytorch_vectors_and_exports_once(
    torch_vectors: np.ndarray, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Embedder(backend="onnx", onnx_cache=OnnxFileCache(tmp_path))
    assert first.active_backend == "onnx"
    got = first.encode(TEXTS)
    assert got.shape == torch_vectors.shape and got.dtype == np.float32
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert (got * torch_vectors).sum(axis=1).min() > 0.9999
    (exported,) = _onnx_files(tmp_path)
    stamp = exported.stat().st_mtime_ns
    # Order and batch composition do not change a text's vector.
    again = Embedder(backend="onnx", batch_size=2,
                     onnx_cache=OnnxFileCache(tmp_path)).encode(TEXTS[::-1])
    assert np.allclose(again[::-1], got, atol=1e-5)
    assert exported.stat().st_mtime_ns == stamp  # loaded from the cache, not re-exported


def test_damaged_cache_file_is_exported_again(
    torch_vectors: np.ndarray, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Embedder(backend="onnx", onnx_cache=OnnxFileCache(tmp_path))._load()
    (exported,) = _onnx_files(tmp_path)
    # The same model's file in a cache no session of this process has opened, damaged.
    other = tmp_path / "again"
    (other / exported.parent.name).mkdir(parents=True)
    (other / exported.parent.name / "model.onnx").write_bytes(b"not an onnx model")
    emb = Embedder(backend="onnx", onnx_cache=OnnxFileCache(other))
    assert emb.active_backend == "onnx"
    assert (emb.encode(TEXTS) * torch_vectors).sum(axis=1).min() > 0.9999
    assert (other / exported.parent.name / "model.onnx").stat().st_size > 1_000_000


def test_unwritable_cache_exports_for_the_process(
    torch_vectors: np.ndarray, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the cache directory should be")
    emb = Embedder(backend="onnx", onnx_cache=OnnxFileCache(blocker / "cache"))
    assert emb.active_backend == "onnx"
    assert (emb.encode(TEXTS) * torch_vectors).sum(axis=1).min() > 0.9999


def test_without_a_cache_nothing_is_written(
    torch_vectors: np.ndarray, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    emb = Embedder(backend="onnx")
    assert (emb.encode(TEXTS) * torch_vectors).sum(axis=1).min() > 0.9999
    assert list(tmp_path.iterdir()) == []


def test_torch_backend_and_unknown_backend() -> None:
    assert Embedder(backend="torch").active_backend == "torch"
    with pytest.raises(EmbedderError, match="expected one of"):
        Embedder(backend="tensorflow")


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbedderError, match="cannot load embedding model"):
        Embedder(str(tmp_path / "no-such-model")).encode(["你好"])
