"""PDF documents made with reportlab (no Qt): protocols, reports, case files, packs."""


class Cancelled(Exception):
    """The user cancelled a long document; nothing was written.

    Defined here, not in ``common``, so that catching it (every background task does) does
    not import reportlab: at start-up that cost a worker thread a tenth of a second of
    imports, competing with the window for the interpreter.
    """
