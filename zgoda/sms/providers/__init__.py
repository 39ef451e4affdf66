"""SMS providers: one module each, one registry (see base.py for the contract)."""

from .base import Provider, ProviderError
from .registry import get_provider, provider_names

__all__ = ["Provider", "ProviderError", "get_provider", "provider_names"]
