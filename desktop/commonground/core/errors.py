"""One base for every error a person should read.

Core raises a ``UserError`` (or a subclass) with a sentence written for the person at the
screen or the terminal: what is wrong and, where possible, what to do. The window and the
CLI show these where the user is looking. Any other exception that escapes is a bug: it is
logged with its traceback and reported as unexpected, never shown as if it were advice.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem a person can act on; ``str(error)`` is the message for them."""
