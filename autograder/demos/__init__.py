"""Demo submissions, one module per assignment, each exposing ``DEMOS`` (a list of ``Demo``),
``CORRECT`` (the reference answers) and ``MISTAKES`` (its catalogue of typical mistakes)."""
import importlib


def demos_module(assignment):
    return importlib.import_module(f"autograder.demos.{assignment}")


def demos_of(assignment):
    return demos_module(assignment).DEMOS
