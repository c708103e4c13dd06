"""What an SVG a school supplies may hold: drawing, and nothing that reaches
outside it.

It is parsed with defusedxml (no DOCTYPE, no entities) in whatever encoding it
declares. Every element, in any namespace or none (WeasyPrint reads an element
by its local name), must be drawing or a drawing program's notes; every
attribute WeasyPrint reads must be a drawing attribute; ``href`` and ``url()``
may point only inside the drawing (``#id``); CSS, in a ``<style>``, a
``style`` attribute or any value, may hold no at-rule (``@import``).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SVG_ELEMENTS = _words(
    """svg g defs symbol use path rect circle ellipse line polyline polygon text
    tspan textPath title desc metadata linearGradient radialGradient stop
    clipPath mask pattern marker style switch filter feGaussianBlur feOffset
    feBlend feFlood feMerge feMergeNode feColorMatrix feComposite"""
)
# What drawing programs keep about a drawing (Inkscape's page settings, RDF
# licence data): never drawn.
METADATA_ELEMENTS = _words(
    """namedview grid guide pagecheck page RDF Work format type date creator
    Agent publisher rights license License source language subject Bag Seq Alt
    li description contributor relation coverage identifier Permits Requires
    Prohibits"""
)
SVG_ATTRIBUTES = _words(
    """id class style transform viewBox width height x y x1 y1 x2 y2 cx cy r rx
    ry d points fill fill-opacity fill-rule stroke stroke-width stroke-opacity
    stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray
    stroke-dashoffset opacity clip-path clip-rule mask preserveAspectRatio
    version baseProfile gradientUnits gradientTransform spreadMethod offset
    stop-color stop-opacity fx fy fr font-family font-size font-weight
    font-style font-variant font-stretch text-anchor dominant-baseline
    alignment-baseline baseline-shift letter-spacing word-spacing dx dy rotate
    textLength lengthAdjust display visibility color href space lang
    patternUnits patternContentUnits patternTransform markerWidth markerHeight
    markerUnits refX refY orient clipPathUnits maskUnits maskContentUnits
    overflow vector-effect paint-order shape-rendering text-rendering
    color-interpolation color-interpolation-filters filter filterUnits
    primitiveUnits stdDeviation in in2 result mode type values operator k1 k2
    k3 k4 flood-color flood-opacity text-decoration writing-mode direction
    unicode-bidi marker-start marker-mid marker-end startOffset method spacing
    side pathLength enable-background mix-blend-mode isolation
    transform-origin"""
)
SVG = "http://www.w3.org/2000/svg"
# Attributes in these namespaces are read by WeasyPrint as their plain names.
READ_AS_PLAIN = (
    "",
    SVG,
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/XML/1998/namespace",
)

DRAWING_ONLY = "save it as plain shapes (in Inkscape: Save As → Plain SVG)"


def svg_problem(data: bytes) -> str | None:
    """Why SVG data is not plain drawing; None when it is."""
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        return "declares a DOCTYPE or entities — " + DRAWING_ONLY
    except (ET.ParseError, ValueError, LookupError):
        return "is damaged or not an SVG — export it again as SVG, PNG or JPEG"
    if _local(root.tag) != "svg":
        return "is not an SVG drawing — export it again as SVG, PNG or JPEG"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction
        name = _local(element.tag)
        if name not in SVG_ELEMENTS and name not in METADATA_ELEMENTS:
            return f"contains <{name}>, which is not plain drawing — " + DRAWING_ONLY
        if name == "style" and _css_problem(element.text or ""):
            return "has a style with " + _css_problem(element.text or "")  # type: ignore[operator]
        for attribute, value in element.attrib.items():
            found = _attribute_problem(attribute, value, name in METADATA_ELEMENTS)
            if found:
                return found
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _attribute_problem(attribute: str, value: str, notes: bool) -> str | None:
    """What is wrong with an attribute; ``notes``: of an element never drawn
    (a drawing program's settings), whose attributes may be any."""
    if _namespace(attribute) not in READ_AS_PLAIN:
        return None  # a drawing program's own note (inkscape:label), never read
    name = _local(attribute)
    if name not in SVG_ATTRIBUTES and not notes:
        return (
            f"has an attribute `{name}`, which is not plain drawing — " + DRAWING_ONLY
        )
    if name == "href" and not value.strip().startswith("#"):
        return (
            "refers to another file or address — save it with everything "
            "embedded as shapes"
        )
    found = _css_problem(value)
    return f"has a `{name}` with {found}" if found else None


def _css_problem(text: str) -> str | None:
    """What in CSS (a style sheet, a style attribute or any attribute value)
    could reach outside the drawing: at-rules, and ``url()`` but to its parts."""
    import tinycss2

    pending = list(tinycss2.parse_component_value_list(text))
    for token in pending:  # grows as blocks and functions are opened
        if token.type == "at-keyword":
            return f"@{token.value} — " + DRAWING_ONLY
        if token.type == "url" and not token.value.strip().startswith("#"):
            return "a url() to another file or address — " + DRAWING_ONLY
        if token.type == "function" and token.lower_name in ("url", "src"):
            inner = "".join(t.serialize() for t in token.arguments).strip(" \"'")
            if not inner.startswith("#"):
                return "a url() to another file or address — " + DRAWING_ONLY
        pending += getattr(token, "content", None) or []
        pending += getattr(token, "arguments", None) or []
    return None
