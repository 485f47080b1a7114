"""A tiny TCP load balancer for `make cluster`: connections spread round-robin.

It stands for the load balancer in front of the web machines: each incoming
connection goes to the next backend in turn (gunicorn's sync workers close the
connection after each answer, so in practice each request goes to the next
one); a backend that refuses the connection is skipped for that connection, as
a load balancer's passive health check would. It forwards bytes and reads no
HTTP, so it costs next to nothing beside the web processes it feeds.

    python3 deploy/roundrobin.py --listen 127.0.0.1:8206 127.0.0.1:8216 127.0.0.1:8217

Standard library only: it runs with any python3, outside the project's venv.
"""

import argparse
import asyncio
import itertools
import signal


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.write_eof()
        except (OSError, RuntimeError):
            writer.close()


class Balancer:
    def __init__(self, backends: list[tuple[str, int]]):
        self.backends = backends
        self.turn = itertools.cycle(range(len(backends)))
        self.counts = [0] * len(backends)

    async def _open_next(self):
        """The next backend that accepts a connection, trying each at most once."""
        for _ in self.backends:
            index = next(self.turn)
            try:
                streams = await asyncio.open_connection(*self.backends[index])
            except OSError:
                continue
            self.counts[index] += 1
            return streams
        return None

    async def handle(self, client_reader, client_writer) -> None:
        opened = await self._open_next()
        if opened is None:  # every backend down: what a load balancer answers
            client_writer.write(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                b"Retry-After: 5\r\nConnection: close\r\n\r\n"
            )
            await client_writer.drain()
            client_writer.close()
            return
        backend_reader, backend_writer = opened
        await asyncio.gather(
            _pipe(client_reader, backend_writer), _pipe(backend_reader, client_writer)
        )
        for writer in (client_writer, backend_writer):
            writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:8206")
    parser.add_argument("backends", nargs="+")
    args = parser.parse_args()
    balancer = Balancer([_address(b) for b in args.backends])
    server = await asyncio.start_server(balancer.handle, *_address(args.listen), backlog=512)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with server:
        await stop.wait()
    pairs = zip(balancer.backends, balancer.counts, strict=True)
    shares = ", ".join(f"{host}:{port} {n}" for (host, port), n in pairs)
    print(f"roundrobin: connections per backend: {shares}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
