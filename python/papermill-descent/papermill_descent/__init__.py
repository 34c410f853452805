"""papermill support for the Descent kernel: a parameter translator for the Descent language.

Importing this module registers `DescentTranslator` for the kernel name and language `descent`.
papermill imports it through the `papermill.engine` entry point as soon as papermill itself is
imported, so `papermill in.ipynb out.ipynb -p lr 0.1` works with no extra flag.
"""
import math

from papermill.engines import NBClientEngine
from papermill.translators import Translator, papermill_translators


class DescentTranslator(Translator):
    """Renders papermill parameters as Descent assignments (Descent reads like Python)."""

    @classmethod
    def translate_none(cls, val):
        return "None"

    @classmethod
    def translate_bool(cls, val):
        return "True" if val else "False"

    @classmethod
    def translate_float(cls, val):
        if math.isfinite(val):
            return repr(val)
        if math.isnan(val):
            return 'float("nan")'
        return 'float("inf")' if val > 0 else '-float("inf")'

    @classmethod
    def translate_dict(cls, val):
        items = ", ".join(f"{cls.translate_str(k)}: {cls.translate(v)}" for k, v in val.items())
        return "{" + items + "}"

    @classmethod
    def translate_list(cls, val):
        return "[" + ", ".join(cls.translate(v) for v in val) + "]"

    @classmethod
    def comment(cls, cmt_str):
        return f"# {cmt_str}".strip()


class DescentEngine(NBClientEngine):
    """papermill's default nbclient engine, under the name `descent`."""


papermill_translators.register("descent", DescentTranslator)
