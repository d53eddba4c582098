"""Keep the Streamlit server off the network: no look-up of its own addresses, ever.

Streamlit 1.60 finds the machine's addresses in ``streamlit.net_util``: ``get_internal_ip`` opens a
UDP socket to 8.8.8.8 and ``get_external_ip`` fetches https://checkip.amazonaws.com. It calls them

- at start-up, to print the "Network URL" and "External URL" (``web/bootstrap.py``): skipped when
  ``browser.serverAddress`` is set, which ``.streamlit/config.toml`` does;
- whenever a websocket arrives with another site's ``Origin`` (``web/server/server_util.py``,
  ``is_url_from_allowed_origins``), to see whether that site is the machine itself. No setting skips this,
  short of turning CORS and XSRF protection off; so :func:`keep_streamlit_offline` answers "unknown" for both
  addresses, and such a websocket is refused without any look-up. ``app.py`` calls it first thing.

The loopback names (localhost, 127.0.0.1, 0.0.0.0) and ``browser.serverAddress`` are still allowed
origins, and a same-origin websocket never reaches the check, so nothing else changes.
"""

from __future__ import annotations

from streamlit import net_util

__all__ = ["keep_streamlit_offline"]


def _unknown() -> str | None:
    """The machine's address, as far as MirrorMap lets Streamlit find out: not known."""
    return None


def keep_streamlit_offline() -> None:
    """Make Streamlit's address look-ups answer ``None`` instead of reaching out (idempotent, thread-safe)."""
    net_util.get_internal_ip = _unknown
    net_util.get_external_ip = _unknown
