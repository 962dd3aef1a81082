"""The safe format in which values cross between the trusted checker and a sandboxed kernel.

A value (arrays, Python scalars and strings, dicts, lists, tuples, TensorFlow tensors and
variables, numpy random Generators, nested) becomes an ``.npz`` archive: every array under its own
key, plus a JSON tree of the structure under ``__tree__``; the archive travels as base64 text.
Decoding never unpickles (``allow_pickle=False``), checks every node, and limits size and depth.
Anything else (a function, a custom object) becomes an ``Opaque`` naming its type.

A check may hand a student's function a function of its own as a ``Source``: the text of an
expression (``"lambda lr, beta: lr * beta"``), evaluated with ``np`` in scope where it is called.
Only the kernel's side decodes one (``decode(text, sources=True)``): what comes back from the kernel
is decoded without, so a reply that holds one is refused, and nothing a student sends is evaluated.

This module is self-contained: its source is also run inside the kernel, so both sides share it.
"""
import base64
import io
import json
import zipfile

import numpy as np

MAX_BYTES = 64 * 2**20
MAX_DEPTH = 20
# What decoding builds, not only the bytes it reads: a 60 MB tree of 5 million one-key nodes would
# cost the grader gigabytes of Python objects, an array of zero-byte items any number of elements.
MAX_NODES = 200_000
MAX_ELEMENTS = MAX_BYTES
ARRAY_KINDS = "biufcUS"  # booleans, integers, floats, complex numbers, text: no records, no objects


class Opaque:
    """A value that cannot cross: only its type name does."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


class Source:
    """A function given as the source of an expression, evaluated (with ``np``) on its first call."""

    def __init__(self, source):
        self.source = source
        self.function = None

    def __call__(self, *args, **kwargs):
        if self.function is None:
            self.function = eval(self.source, {"np": np, "numpy": np})
        return self.function(*args, **kwargs)

    def __repr__(self):  # the grader's function: its source is not shown to a student who prints it
        return "<function given by the grader>"


BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


class WireError(ValueError):
    """The encoded text is malformed, too large or too deep."""


def _tf_kind(value):
    module = type(value).__module__ or ""
    if not (module.startswith("tensorflow") or module.startswith("keras")) or not hasattr(value, "numpy"):
        return None
    return "tf.Variable" if "Variable" in type(value).__name__ else "tf.Tensor"


def encode(value):
    """``value`` as base64 text."""
    arrays = {}

    def tree(v, depth):
        if depth > MAX_DEPTH:
            raise WireError("value nested too deeply")
        if v is None or isinstance(v, (bool, int, float, str)):
            return {"t": "py", "v": v if not isinstance(v, float) or np.isfinite(v) else repr(v),
                    "f": isinstance(v, float)}
        if isinstance(v, np.ndarray) or isinstance(v, np.generic):
            array = np.asarray(v)
            if array.dtype.hasobject:
                return {"t": "opaque", "type": "object array"}
            key = f"a{len(arrays)}"
            arrays[key] = array
            return {"t": "nd" if isinstance(v, np.ndarray) else "scalar", "k": key}
        if isinstance(v, Source):
            return {"t": "source", "v": str(v.source)}
        if isinstance(v, np.random.Generator):  # travels as its state: the copy draws what it would
            return {"t": "rng", "state": v.bit_generator.state}
        kind = _tf_kind(v)
        if kind:
            key = f"a{len(arrays)}"
            arrays[key] = np.asarray(v.numpy())
            return {"t": kind, "k": key}
        if isinstance(v, dict):
            return {"t": "dict", "items": [[tree(k, depth + 1), tree(x, depth + 1)] for k, x in v.items()]}
        if isinstance(v, (list, tuple)):
            return {"t": type(v).__name__, "items": [tree(x, depth + 1) for x in v]}
        return {"t": "opaque", "type": type(v).__name__}

    structure = tree(value, 0)
    buffer = io.BytesIO()
    np.savez(buffer, __tree__=np.frombuffer(json.dumps(structure).encode(), dtype=np.uint8), **arrays)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def check_archive(data):
    """Refuse an archive that would grow when read: every member stored (not compressed), holding
    one ``.npy`` array whose header asks for exactly the bytes that follow it; ``MAX_BYTES`` in all."""
    with zipfile.ZipFile(data) as archive:
        members = archive.infolist()
        if len(members) > 10_000 or sum(m.file_size for m in members) > MAX_BYTES:
            raise WireError("encoded value too large")
        for member in members:
            if member.compress_type != zipfile.ZIP_STORED or member.compress_size != member.file_size:
                raise WireError("encoded value holds a compressed member")
            with archive.open(member) as stream:
                version = np.lib.format.read_magic(stream)
                header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                          else np.lib.format.read_array_header_2_0)
                shape, _, dtype = header(stream, max_header_size=10_000)
                elements = int(np.prod(shape, dtype=object))
                if dtype.hasobject or elements * dtype.itemsize != member.file_size - stream.tell():
                    raise WireError("encoded array does not match its header")
                if dtype.kind not in ARRAY_KINDS or elements > MAX_ELEMENTS:
                    raise WireError("encoded array of a refused type or size")
    data.seek(0)


def _node_counter():
    """A ``json.loads`` object hook that refuses a tree of over ``MAX_NODES`` nodes while it is built."""
    count = 0

    def hook(node):
        nonlocal count
        count += 1
        if count > MAX_NODES:
            raise WireError(f"encoded value of over {MAX_NODES} parts")
        return node
    return hook


def decode(text, sources=False):
    """The value encoded in ``text`` (from ``encode``), rebuilt without unpickling anything; a
    ``Source`` only with ``sources`` (the kernel's side)."""
    if not isinstance(text, str) or len(text) > MAX_BYTES * 4 // 3 + 4:
        raise WireError("encoded value missing or too large")
    try:
        data = io.BytesIO(base64.b64decode(text, validate=True))
        check_archive(data)
        archive = np.load(data, allow_pickle=False)
        arrays = {key: archive[key] for key in archive.files}
        structure = json.loads(arrays.pop("__tree__").tobytes().decode(), object_hook=_node_counter())
    except WireError:
        raise
    except Exception as error:
        raise WireError(f"malformed encoded value ({type(error).__name__})") from None

    def build(node, depth):
        if depth > MAX_DEPTH or not isinstance(node, dict):
            raise WireError("malformed tree")
        kind = node.get("t")
        if kind == "py":
            value = node.get("v")
            if node.get("f") and isinstance(value, str):
                return float(value)  # inf, -inf, nan travel as text
            if not (value is None or isinstance(value, (bool, int, float, str))):
                raise WireError("malformed scalar")
            return float(value) if node.get("f") else value
        if kind in ("nd", "scalar", "tf.Tensor", "tf.Variable"):
            array = arrays[node["k"]]
            if kind == "nd":
                return array
            if kind == "scalar":
                return array[()]
            import tensorflow as tf
            return tf.Variable(array) if kind == "tf.Variable" else tf.constant(array)
        if kind == "dict":
            return {build(k, depth + 1): build(v, depth + 1) for k, v in node["items"]}
        if kind in ("list", "tuple"):
            items = [build(x, depth + 1) for x in node["items"]]
            return items if kind == "list" else tuple(items)
        if kind == "opaque":
            return Opaque(str(node.get("type")))
        if kind == "source":
            if not sources or not isinstance(node.get("v"), str):
                raise WireError("a function's source is accepted only on the kernel's side")
            return Source(node["v"])
        if kind == "rng":
            state = node.get("state")
            if not isinstance(state, dict) or state.get("bit_generator") not in BIT_GENERATORS:
                raise WireError("malformed random generator")
            bit_generator = getattr(np.random, state["bit_generator"])()
            bit_generator.state = state
            return np.random.Generator(bit_generator)
        raise WireError(f"unknown node kind {kind!r}")

    try:
        return build(structure, 0)
    except WireError:
        raise
    except Exception as error:
        raise WireError(f"malformed tree ({type(error).__name__})") from None
