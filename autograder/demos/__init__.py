"""Demo submissions, one module per assignment, each exposing ``DEMOS`` (a list of ``Demo``)."""
import importlib


def demos_of(assignment):
    return importlib.import_module(f"autograder.demos.{assignment}").DEMOS
