"""Throwaway PostgreSQL and Redis servers for a test session.

When DATABASE_URL / REDIS_URL are unset, start real servers on free loopback ports
in a temporary folder and stop them when the Python process exits. PostgreSQL refuses
to run as root, so as root the server runs as the `postgres` user.
"""

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time


def ensure_services() -> None:
    if os.environ.get("IMGPATH_SERVICES_OWNER"):
        return  # a parent process (e.g. xdist controller) already started them
    started = False
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = _start_postgres()
        started = True
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = _start_redis()
        started = True
    if started:
        os.environ["IMGPATH_SERVICES_OWNER"] = str(os.getpid())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL binary {name!r} not found; install postgresql")
    return found if isinstance(found, str) else found[-1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _start_postgres() -> str:
    root = tempfile.mkdtemp(prefix="imgpath-pg-")
    data = os.path.join(root, "data")
    if os.geteuid() == 0:
        os.chmod(root, 0o777)
        shutil.chown(root, "postgres")
    port = _free_port()
    subprocess.run(
        _as_postgres([_pg_bin("initdb"), "-D", data, "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--no-sync"]),
        check=True, stdout=subprocess.DEVNULL,
    )
    opts = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(
        _as_postgres([_pg_bin("pg_ctl"), "-D", data, "-o", opts, "-l",
                      os.path.join(root, "log"), "-w", "start"]),
        check=True, stdout=subprocess.DEVNULL,
    )

    def stop() -> None:
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", data, "-m", "immediate", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    return f"postgres://postgres@127.0.0.1:{port}/imgpath"


def _start_redis() -> str:
    binary = shutil.which("redis-server")
    if not binary:
        raise RuntimeError("redis-server not found; install it (apt-get install redis-server)")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    atexit.register(lambda: (proc.terminate(), proc.wait(10)))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")
