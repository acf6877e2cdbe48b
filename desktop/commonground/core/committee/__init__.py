"""The Police Liaison Committee: figures from de-identified data, meetings, the action log."""
