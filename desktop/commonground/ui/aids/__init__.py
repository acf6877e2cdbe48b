"""The decision aids on screen: a dialog per aid (its questions, its answer with the rules
and citations), the ways to reach one (a protocol section, search, a record form, a case),
the live section 136 clock in the episode form, and "Record this"."""
