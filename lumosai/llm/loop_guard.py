"""Closing per-event-loop resources when their loop shuts down."""

from __future__ import annotations

from collections.abc import AsyncIterator


class ClosedAtLoopShutdown:
    """Base for a resource tied to one event loop (an HTTP client, a connection pool).

    ``arm()`` starts a suspended async generator on the running loop; its ``finally`` calls
    ``close()``. ``asyncio.run`` (and pytest's runners) close pending async generators at loop
    shutdown, which is the only shutdown hook asyncio offers.
    """

    def __init__(self) -> None:
        self._guard = self._close_on_shutdown()

    async def arm(self) -> None:
        """Start the guard generator on the running loop so the loop tracks it."""
        await self._guard.__anext__()

    async def _close_on_shutdown(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await self.close()

    async def close(self) -> None:
        raise NotImplementedError
