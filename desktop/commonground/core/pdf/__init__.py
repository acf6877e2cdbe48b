"""PDF documents made with reportlab (no Qt): protocols, reports, case files, packs."""
