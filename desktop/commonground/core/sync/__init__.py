"""Sync through folders: signed, sequence-numbered bundles; identifiable ones encrypted."""
