"""What a student's notebook puts on a page: the feedback page and formgrader's view of a submission.

Both pages are the autograded notebook rendered by nbconvert's HTML templates, which trust the
notebook: an image's width and height become unquoted attributes, output metadata choose how an
output is shown, markdown links keep whatever scheme they name, and a reference to an attachment
the cell does not hold stops the page. So the notebook is cleaned where it is made, once, for
every page that renders it later (``RebuildFromRelease``: the student's markdown and its
attachments; ``SandboxedExecute``: every output of every cell), and again when feedback is made
from it (``FeedbackPage``), which covers notebooks graded before a fix:

- outputs (``clean_outputs``): nbformat's forms only (mime data that is a list of strings is
  joined, data of any other form dropped); HTML and markdown through nbconvert's sanitizer (bleach:
  HTML escaped, scripts dropped), other script-capable types removed; images only as base64 text;
  metadata only an image's width and height, as positive integers;
- markdown (``clean_markdown``: cells the student added or answered in, ``text/markdown``
  outputs): its HTML through the same sanitizer, then rendered as both pages render it (nbconvert's
  own markdown renderer). If a link or an image of the result points where bleach would not keep it
  (``javascript:``, however written, ``data:`` in a link, ...) or at an attachment the cell does not
  hold, the whole text is shown as typed: a code block under a note, in which nothing is live;
- attachments (``clean_attachments``): images only (PNG, JPEG, GIF), as base64 text, within a budget
  of characters for the notebook.
"""
import base64
import binascii
import html
import textwrap

import bleach
from bs4 import BeautifulSoup
from nbconvert.filters.markdown_mistune import InvalidNotebook, IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbformat.v4 import new_output

# HTML that the student's code displays and the markdown they write: escaped, scripts dropped.
SANITIZER = SanitizeHTML()
IMAGE_TYPES = ("image/png", "image/jpeg")  # output images, kept as base64 text
ATTACHMENT_TYPES = ("image/png", "image/jpeg", "image/gif")
MAX_ATTACHMENT_CHARS = 2 * 2**20  # base64 text of all the attachments a notebook's student cells keep
LINK_PROTOCOLS = frozenset({"http", "https", "mailto"})  # and addresses without a scheme (relative, #anchor)
IMAGE_PROTOCOLS = frozenset({"http", "https", "data"})  # an attachment is rendered as a data: address
URL_ATTRIBUTES = {"href": LINK_PROTOCOLS, "src": IMAGE_PROTOCOLS}
OTHER_ADDRESSES = ("action", "formaction", "srcset", "xlink:href", "poster", "background", "data")
STREAMS = ("stdout", "stderr")


def text(value):
    """An nbformat multiline string (a string, or a list of strings) as one string; None otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "".join(value)
    return None


def well_formed(output):
    """``output`` rebuilt in nbformat's form (strings joined, fields of the wrong type emptied,
    unknown fields dropped); None for something that is not an output."""
    if not isinstance(output, dict):
        return None
    kind = output.get("output_type")
    if kind == "stream":
        name = output.get("name") if output.get("name") in STREAMS else "stdout"
        return new_output("stream", name=name, text=text(output.get("text")) or "")
    if kind == "error":
        traceback = output.get("traceback")
        lines = [line for line in traceback if isinstance(line, str)] if isinstance(traceback, list) else []
        return new_output("error", ename=text(output.get("ename")) or "", evalue=text(output.get("evalue")) or "",
                          traceback=lines)
    if kind not in ("display_data", "execute_result"):
        return None
    data = output.get("data") if isinstance(output.get("data"), dict) else {}
    bundle = {}
    for mime, value in data.items():
        if not isinstance(mime, str):
            continue
        if mime == "application/json" or mime.endswith("+json"):
            bundle[mime] = value  # any JSON value (it arrived as JSON)
        elif text(value) is not None:
            bundle[mime] = text(value)
    metadata = output.get("metadata") if isinstance(output.get("metadata"), dict) else {}
    if kind == "display_data":
        return new_output(kind, data=bundle, metadata=metadata)
    count = output.get("execution_count")
    count = count if isinstance(count, int) and not isinstance(count, bool) else None
    return new_output(kind, data=bundle, metadata=metadata, execution_count=count)


def base64_text(value):
    """``value`` without whitespace if it is base64 text, else None (it is written into an attribute)."""
    if not isinstance(value, str):
        return None
    compact = "".join(value.split())
    try:
        base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None
    return compact


def positive_integer(value):
    """``value`` as a positive int if it is one (or its decimal digits), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value > 0 else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def clean_metadata(metadata, data):
    """Only the width and height of the output's images, as positive integers."""
    kept = {}
    for mime in IMAGE_TYPES:
        given = metadata.get(mime) if mime in data else None
        if isinstance(given, dict):
            sizes = {key: positive_integer(given.get(key)) for key in ("width", "height")}
            sizes = {key: size for key, size in sizes.items() if size is not None}
            if sizes:
                kept[mime] = sizes
    return kept


def clean_outputs(outputs):
    """A cell's outputs as a page may show them (see the module's docstring); a new list."""
    cleaned = [o for o in map(well_formed, outputs if isinstance(outputs, list) else []) if o is not None]
    SANITIZER.sanitize_code_outputs(cleaned)  # HTML and markdown bleached, other unsafe types removed
    for output in cleaned:
        if "data" not in output:
            continue
        data = output.data
        for mime in IMAGE_TYPES:
            if mime in data:
                data[mime] = base64_text(data[mime])
                if data[mime] is None:
                    del data[mime]
        if "text/markdown" in data:
            data["text/markdown"] = clean_markdown(data["text/markdown"])
        output.metadata = clean_metadata(output.metadata, data)
    return [o for o in cleaned if o.get("data", True)]  # an output left with no data shows nothing


def allowed_addresses(addresses, protocols):
    """Would bleach keep every one of ``addresses`` in a page (its scheme read as a browser reads it:
    entities, case, blanks and control characters), allowing ``protocols`` and addresses without a
    scheme? (One call of bleach for them all: a student's markdown may hold many.)"""
    probe = "".join(f'<a href="{html.escape(address, quote=True)}">x</a>' for address in addresses)
    kept = bleach.clean(probe, tags={"a"}, attributes={"a": ["href"]}, protocols=protocols)
    return kept.count("<a href=") == len(addresses)  # a kept address has its "<" escaped


def rendering_problem(markdown, attachments):
    """Why ``markdown``, rendered as the pages render it (nbconvert's renderer, the cell's
    attachments embedded), would not be safe or would not render; None if it is fine."""
    try:
        rendered = MarkdownWithMath(renderer=IPythonRenderer(escape=False, attachments=attachments)).render(markdown)
    except InvalidNotebook:
        return "it shows an attachment that the notebook does not hold (or that was over the grader's size limit)"
    except Exception:  # a renderer fault (nesting too deep, say): the page would fail the same way
        return "the page's markdown renderer could not render it"
    unsafe = "it links to an address that could run a script"
    addresses = {name: set() for name in URL_ATTRIBUTES}
    for tag in BeautifulSoup(rendered, "html.parser").find_all(True):
        for attribute, value in tag.attrs.items():
            name = attribute.lower()
            if name in URL_ATTRIBUTES and isinstance(value, str):
                addresses[name].add(value)
            elif name in URL_ATTRIBUTES or name.startswith("on") or name in OTHER_ADDRESSES:
                return unsafe  # the renderer makes no other address, nor any handler: the student's
    if not all(allowed_addresses(found, URL_ATTRIBUTES[name]) for name, found in addresses.items()):
        return unsafe
    return None


def shown_as_typed(markdown, why):
    """``markdown`` as a code block (nothing in it is live) under a note saying ``why``."""
    return f"*[grader] Shown as typed: {why}.*\n\n" + textwrap.indent(markdown, "    ", lambda line: True)


def clean_markdown(markdown, attachments=None):
    """The student's ``markdown`` as a page may render it (see the module's docstring)."""
    attachments = attachments or {}
    markdown = SANITIZER.sanitize_html_tags(text(markdown) or "")
    why = rendering_problem(markdown, attachments)
    if why is None:
        return markdown
    neutral = shown_as_typed(markdown, why)
    if rendering_problem(neutral, attachments) is None:
        return neutral
    return f"*[grader] Removed: {why}.*\n"  # never reached by what the renderer does today


def clean_attachments(attachments, budget=MAX_ATTACHMENT_CHARS):
    """The image attachments of a student's markdown cell that are base64 text and fit in ``budget``
    characters: ``(attachments kept, characters used)``."""
    kept, used = {}, 0
    if not isinstance(attachments, dict):
        return kept, used
    for name, bundle in attachments.items():
        if not isinstance(name, str) or not isinstance(bundle, dict):
            continue
        for mime in ATTACHMENT_TYPES:
            data = base64_text(text(bundle.get(mime)))
            if data is not None and used + len(data) <= budget:
                kept[name] = {mime: data}
                used += len(data)
                break
    return kept, used


def student_markdown(cell, submitted, budget):
    """Give ``cell`` the source and attachments (within ``budget`` characters) of the student's
    markdown cell ``submitted`` (which may be ``cell`` itself), cleaned; returns the characters of
    attachments kept."""
    attachments, used = clean_attachments(submitted.get("attachments"), budget)
    cell.pop("attachments", None)
    if attachments:
        cell.attachments = attachments
    cell.source = clean_markdown(submitted.get("source"), attachments)
    return used
