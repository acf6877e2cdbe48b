"""Every error core raises for a person derives from one base, UserError."""

import importlib
import inspect
import pkgutil

import commonground.core as core
from commonground.core.errors import UserError

NOT_ERRORS = {"Cancelled"}   # the user pressed Cancel: not a problem to report


def core_exception_classes():
    for info in pkgutil.walk_packages(core.__path__, "commonground.core."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Exception) \
                    and value.__module__ == module.__name__:
                yield name, value


def test_every_exception_core_defines_is_a_user_error():
    found = dict(core_exception_classes())
    assert len(found) >= 15   # the walk really found them
    wrong = [name for name, cls in found.items()
             if name not in NOT_ERRORS and not issubclass(cls, UserError)]
    assert wrong == []
