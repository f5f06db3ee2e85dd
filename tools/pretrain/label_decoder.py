"""Moved to python/clozeedge/label_decoder.py, which ships with the package (`cloze-edge tune` uses it);
this name stays so the pre-training tools and their tests import it as before."""
import os
import runpy
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../python"))
from clozeedge.label_decoder import *  # noqa: E402,F401,F403

if __name__ == "__main__":
    runpy.run_module("clozeedge.label_decoder", run_name="__main__")
