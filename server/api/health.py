"""`GET /health`: the server answers (used by monitors and by tests waiting for a start)."""

from __future__ import annotations

from fastapi import APIRouter

from app import __version__
from server.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok", version=__version__)
