"""The speech-model fetch (voice.asr.fetch), against a real HTTP server on this machine.

The server serves a real Vosk model (the Korean one the tests install, zipped), honours
range requests as the model's publisher does, and can be told to break a download
part-way. Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from voice.asr.fetch import FetchError, ModelArchive, fetch_model
from voice.asr.model import choose_engine
from voice.asr.modeldir import validate_model_dir

NAME = "vosk-model-small-ko-test"


class ArchiveServer:
    """Serves one archive at /model.zip; `cut_after` bytes ends the next reply early."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.cut_after: int | None = None
        self.ranges: list[str | None] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                wanted = self.headers.get("Range")
                server.ranges.append(wanted)
                start = int(wanted.removeprefix("bytes=").rstrip("-")) if wanted else 0
                body = server.data[start:]
                self.send_response(206 if wanted else 200)
                if wanted:
                    self.send_header("Content-Range", f"bytes {start}-{len(server.data) - 1}/{len(server.data)}")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.cut_after is not None:
                    body, server.cut_after = body[:server.cut_after], None
                    self.wfile.write(body)
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)  # the connection breaks
                    return
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/model.zip"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def model_zip(tmp_path_factory: pytest.TempPathFactory, ko_model_dir: Path) -> bytes:
    path = tmp_path_factory.mktemp("archive") / "model.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for file in sorted(ko_model_dir.rglob("*")):
            if file.is_file():
                zf.write(file, f"{NAME}/{file.relative_to(ko_model_dir)}")
    return path.read_bytes()


@pytest.fixture
def server(model_zip: bytes) -> Iterator[ArchiveServer]:
    s = ArchiveServer(model_zip)
    yield s
    s.close()


def archive_for(server: ArchiveServer, data: bytes, *, sha256: str | None = None) -> ModelArchive:
    return ModelArchive(name=NAME, url=server.url, size=len(data),
                        sha256=sha256 or hashlib.sha256(data).hexdigest())


def leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


def test_a_fetched_model_is_installed_whole_and_then_used(server: ArchiveServer, model_zip: bytes,
                                                           tmp_path: Path) -> None:
    cache = tmp_path / "vosk"
    path = fetch_model(archive_for(server, model_zip), cache, progress=False)
    assert path == cache / NAME
    validate_model_dir(path)
    assert leftovers(cache) == [NAME]  # no archive or staging folder left behind
    choice = choose_engine("auto", search_dirs=[(cache, "~/.cache/vosk")], lang="ko")
    assert choice.engine == "vosk" and choice.model is not None and choice.model.path == path
    # a second run finds it and downloads nothing
    fetch_model(archive_for(server, model_zip), cache, progress=False)
    assert len(server.ranges) == 1


def test_a_broken_download_resumes_where_it_stopped(server: ArchiveServer, model_zip: bytes,
                                                    tmp_path: Path) -> None:
    cache = tmp_path / "vosk"
    archive = archive_for(server, model_zip)
    server.cut_after = 5_000_000
    with pytest.raises(FetchError, match="run again to resume"):
        fetch_model(archive, cache, progress=False)
    assert not (cache / NAME).exists()
    held = (cache / f"{NAME}.zip.part").stat().st_size
    assert 0 < held < len(model_zip)
    fetch_model(archive, cache, progress=False)
    assert server.ranges == [None, f"bytes={held}-"]  # the second request asked only for the rest
    validate_model_dir(cache / NAME)
    assert leftovers(cache) == [NAME]


def test_a_wrong_checksum_installs_nothing(server: ArchiveServer, model_zip: bytes, tmp_path: Path) -> None:
    cache = tmp_path / "vosk"
    with pytest.raises(FetchError, match="did not match its published checksum"):
        fetch_model(archive_for(server, model_zip, sha256="0" * 64), cache, progress=False)
    assert leftovers(cache) == []  # the bad archive is deleted, nothing half-installed


@pytest.mark.skipif(os.geteuid() != 0, reason="a small real file system needs root to mount (CI is root)")
def test_a_full_disk_says_so_and_installs_nothing(server: ArchiveServer, model_zip: bytes,
                                                 tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(disk)], check=True)
    try:
        with pytest.raises(FetchError, match="Not enough disk space"):
            fetch_model(archive_for(server, model_zip), disk / "vosk", progress=False)
        assert not (disk / "vosk" / NAME).exists()
        assert [n for n in leftovers(disk / "vosk") if n != f"{NAME}.zip.part"] == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_no_network_is_one_clear_failure(tmp_path: Path, model_zip: bytes) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    archive = ModelArchive(name=NAME, url=f"http://127.0.0.1:{port}/model.zip", size=len(model_zip),
                           sha256=hashlib.sha256(model_zip).hexdigest())
    with pytest.raises(FetchError, match="no network connection"):
        fetch_model(archive, tmp_path / "vosk", progress=False)
    assert leftovers(tmp_path / "vosk") == []


def test_set_up_offline_says_so_in_one_line_and_the_check_falls_back(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HOME": str(tmp_path), "VOSK_MODEL_PATH": str(tmp_path / "none"),
           "TWITCHCHECK_VOSK_MODEL_URL": f"http://127.0.0.1:{port}/vosk-model-small-en-us-0.15.zip"}
    done = subprocess.run([sys.executable, "-m", "voice.frontends.cli", "model", "--download"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 5
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no network connection" in lines[0] and "PocketSphinx" in lines[0]
    assert not (tmp_path / ".cache" / "vosk" / "vosk-model-small-en-us-0.15").exists()
