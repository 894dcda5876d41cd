#!/usr/bin/env python3
"""@fileoverview CPython side of the parser oracle: dump `ast.parse` trees as JSON lines.

Usage:
    python3 scripts/pydump.py FILE...          # paths as arguments
    python3 scripts/pydump.py < list.txt       # or one path per line on stdin (streamed)
    python3 scripts/pydump.py - < source.py    # "-" as the only argument: the source itself on stdin

For every file, reads the raw bytes, runs ``ast.parse(bytes)`` (so CPython itself handles the BOM,
PEP 263 coding cookies and invalid UTF-8) and writes one JSON line, in input order:

    {"file": PATH, "ok": true, "tree": NODE}
    {"file": PATH, "ok": false, "error": {"type", "msg", "lineno", "offset", "end_lineno", "end_offset"}}

NODE is ``{"_type": "Call", <fields>..., "lineno", "col_offset", "end_lineno", "end_col_offset"}``
(position attributes only on node types CPython positions). Field values: child nodes as NODE,
lists as JSON arrays, operators and expression contexts as their class name ("Add", "Load"),
identifiers and other plain values as JSON. ``ExceptHandler.type`` is emitted as ``exc_type``.
``Constant.value`` uses a typed encoding so nothing is lost in JSON:

    str      -> JSON string (lone surrogates survive: the output is ASCII with \\u escapes)
    int      -> {"int": "decimal digits"}
    float    -> {"float": repr(value)}            ("inf" for infinity)
    complex  -> {"complex": repr(value.imag)}
    bytes    -> {"bytes": "hex"}
    bool/None-> true/false/null
    Ellipsis -> {"ellipsis": true}

One process handles thousands of files; output is flushed per line only when writing to a TTY.
"""

import ast
import json
import sys
import threading

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)

# Leaf classes whose instances are emitted as their class name.
_NAMED = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)
_POSITION_ATTRS = ("lineno", "col_offset", "end_lineno", "end_col_offset")

# Per node class: tuple of (json field name, python attribute name), then position attributes.
_LAYOUT = {}


def _layout(cls):
    entry = _LAYOUT.get(cls)
    if entry is None:
        fields = tuple(("exc_type" if (cls is ast.ExceptHandler and f == "type") else f, f) for f in cls._fields)
        positioned = all(a in cls._attributes for a in _POSITION_ATTRS)
        entry = (cls.__name__, fields, positioned)
        _LAYOUT[cls] = entry
    return entry


def encode_constant(value):
    """Typed JSON encoding of a ``Constant.value`` (see the module docstring)."""
    if value is None or value is True or value is False:
        return value
    t = type(value)
    if t is str:
        return value
    if t is int:
        return {"int": str(value)}
    if t is float:
        return {"float": repr(value)}
    if t is complex:
        return {"complex": repr(value.imag)}
    if t is bytes:
        return {"bytes": value.hex()}
    if value is Ellipsis:
        return {"ellipsis": True}
    raise TypeError(f"unexpected constant type {t.__name__}")


def encode(node):
    """Convert an AST node (or list / plain value) to the JSON-ready shape described above."""
    if isinstance(node, ast.AST):
        if isinstance(node, _NAMED):
            return type(node).__name__
        name, fields, positioned = _layout(type(node))
        out = {"_type": name}
        is_constant = name == "Constant"
        for json_name, attr in fields:
            value = getattr(node, attr, None)
            if is_constant and attr == "value":
                out[json_name] = encode_constant(value)
            else:
                out[json_name] = encode(value)
        if positioned:
            out["lineno"] = node.lineno
            out["col_offset"] = node.col_offset
            out["end_lineno"] = node.end_lineno
            out["end_col_offset"] = node.end_col_offset
        return out
    if isinstance(node, list):
        return [encode(item) for item in node]
    # Identifiers, ints (conversion, level, simple, is_async), bools/None (MatchSingleton), strings.
    return node


def dump_file(path):
    """Parse one file and return its result record (a dict)."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as fh:
                data = fh.read()
    except OSError as exc:
        return {"file": path, "ok": False, "error": {"type": "OSError", "msg": str(exc), "lineno": None, "offset": None}}
    try:
        tree = ast.parse(data, filename=path)
    except SyntaxError as exc:  # includes IndentationError, TabError
        return {
            "file": path,
            "ok": False,
            "error": {
                "type": type(exc).__name__,
                "msg": str(exc.msg),
                "lineno": exc.lineno,
                "offset": exc.offset,
                "end_lineno": getattr(exc, "end_lineno", None),
                "end_offset": getattr(exc, "end_offset", None),
            },
        }
    except (ValueError, UnicodeDecodeError, RecursionError, MemoryError, OverflowError) as exc:
        return {"file": path, "ok": False, "error": {"type": type(exc).__name__, "msg": str(exc), "lineno": None, "offset": None}}
    try:
        return {"file": path, "ok": True, "tree": encode(tree)}
    except RecursionError as exc:
        return {"file": path, "ok": False, "error": {"type": "DumpRecursionError", "msg": str(exc), "lineno": None, "offset": None}}


def _paths():
    if len(sys.argv) > 1:
        yield from sys.argv[1:]
        return
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        if line:
            yield line


def main():
    out = sys.stdout
    tty = out.isatty()
    dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), check_circular=False, allow_nan=False).encode
    for path in _paths():
        try:
            line = dumps(dump_file(path))
        except RecursionError as exc:
            line = dumps({"file": path, "ok": False, "error": {"type": "DumpRecursionError", "msg": str(exc), "lineno": None, "offset": None}})
        out.write(line)
        out.write("\n")
        if tty:
            out.flush()
    out.flush()


if __name__ == "__main__":
    # Deeply nested sources produce deep trees: give the encoder room (C recursion in json and
    # Python recursion in encode()) by running on a thread with a large stack.
    sys.setrecursionlimit(100_000)
    threading.stack_size(512 * 1024 * 1024)
    worker = threading.Thread(target=main)
    worker.start()
    worker.join()
