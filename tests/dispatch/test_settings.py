"""One Settings object: its sections read the documented environment variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from dispatch.settings import Settings


def test_sections_read_the_documented_variables(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    env = {
        "DISPATCH_EMBEDDING_MODEL": "/opt/models/m", "DISPATCH_EMBEDDING_BACKEND": "torch",
        "DISPATCH_EMBEDDING_THREADS": "3", "DISPATCH_ONNX_CACHE": str(tmp_path / "onnx"),
        "DISPATCH_TORCH_THREADS": "2", "DISPATCH_ROUTING_MODEL_DIR": str(tmp_path / "r"),
        "DISPATCH_ROUTING_TARGET_PRECISION": "0.9", "DISPATCH_NOTIFY_BATCH": "7",
        "DISPATCH_PUBLIC_BASE_URL": "https://dispatch.example", "DISPATCH_USER": "planner",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    s = Settings(data_dir=tmp_path)
    assert (s.embedding.model, s.embedding.backend, s.embedding.threads) == (
        "/opt/models/m", "torch", 3)
    assert s.embedding.onnx_cache == tmp_path / "onnx" and s.embedding.torch_threads == 2
    assert s.routing_models == tmp_path / "r" and s.routing.target_precision == 0.9
    assert s.notifications.notify_batch == 7
    assert s.notifications.public_base_url == "https://dispatch.example"
    assert s.user == "planner"


def test_defaults_without_the_environment(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    s = Settings(data_dir=tmp_path, _env_file=None)
    assert s.routing_models == tmp_path / "models" / "routing"
    assert s.embedding.onnx_cache == tmp_path / "xdg" / "dispatch" / "onnx"
    assert s.routing.target_precision == 0.95 and s.user == "admin"


def test_the_service_embedder_uses_the_settings(tmp_path: Path) -> None:
    from dispatch.requests.routing import make_embedder
    from dispatch.settings import EmbeddingSettings

    emb = make_embedder(None, EmbeddingSettings(onnx_cache=tmp_path, backend="torch",
                                                threads=2))
    assert (emb.onnx_cache.root, emb.backend, emb.threads) == (tmp_path, "torch", 2)
