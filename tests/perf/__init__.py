"""Benchmarks against the floor: ``python -m tests.perf`` (see README, "Performance").

Kept out of the normal test run (pyproject's ``--ignore=tests/perf``). Importing this
package must stay cheap: the cold-start probe runs as ``python -m tests.perf.start_probe``.
"""
