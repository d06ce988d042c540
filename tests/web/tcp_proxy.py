"""A loopback TCP proxy the browser tests put between a page and Rasa, to take "the server" away and
bring it back (reconnecting…), or hold its answers back (the slow-reply notice), without restarting Rasa.
"""

from __future__ import annotations

import asyncio
import threading


class TcpProxy:
    def __init__(self, listen_port: int, target_port: int) -> None:
        self.listen_port, self.target_port = listen_port, target_port
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server: asyncio.base_events.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        self.open_gate: asyncio.Event | None = None  # cleared: server-to-browser bytes are held back

    def _run(self, coroutine) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    def start(self) -> TcpProxy:
        self.thread.start()
        self._run(self._init())
        self.up()
        return self

    async def _init(self) -> None:
        self.open_gate = asyncio.Event()
        self.open_gate.set()

    def up(self) -> None:
        """Accept connections again (the server is back)."""
        self._run(self._listen())

    async def _listen(self) -> None:
        if self.server is None:
            self.server = await asyncio.start_server(self._handle, "localhost", self.listen_port)

    def down(self) -> None:
        """Refuse new connections and cut the open ones, as a stopped server would."""
        self._run(self._close())

    async def _close(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.server = None
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()

    def hold_replies(self) -> None:
        self.loop.call_soon_threadsafe(self.open_gate.clear)

    def release_replies(self) -> None:
        self.loop.call_soon_threadsafe(self.open_gate.set)

    def stop(self) -> None:
        self.down()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.transport.abort()
            return
        self.writers.update({client_writer, server_writer})
        await asyncio.gather(
            self._pipe(client_reader, server_writer, None), self._pipe(server_reader, client_writer, self.open_gate)
        )
        self.writers.difference_update({client_writer, server_writer})

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, gate: asyncio.Event | None) -> None:
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                if gate is not None:
                    await gate.wait()
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.transport.abort()
