"""Reference implementations of the graded functions, one module per assignment."""
import importlib


def reference_module(assignment):
    return importlib.import_module(f"autograder.reference.{assignment}")
