"""A DOCX reader independent of the programs that wrote the file: Python's zipfile and
xml.dom.minidom (which refuses XML that is not well-formed). Prints one part (default
word/document.xml) as JSON: the zip's entry names, every paragraph with its style and its
text (a line break as a newline), every table row's cell texts, and the tables' styles."""

import json
import sys
import zipfile
from xml.dom import minidom

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def text_of(node):
    out = []
    for child in node.getElementsByTagNameNS(W, "*"):
        if child.localName == "t":
            out.append("".join(c.data for c in child.childNodes if c.nodeType == c.TEXT_NODE))
        elif child.localName == "br":
            out.append("\n")
    return "".join(out)


def style_of(paragraph):
    for props in paragraph.getElementsByTagNameNS(W, "pStyle"):
        return props.getAttributeNS(W, "val")
    return ""


def main(path, part):
    book = zipfile.ZipFile(path)
    doc = minidom.parseString(book.read(part))
    paragraphs = [
        {"style": style_of(p), "text": text_of(p)} for p in doc.getElementsByTagNameNS(W, "p")
    ]
    rows = [
        [text_of(c) for c in r.getElementsByTagNameNS(W, "tc")]
        for r in doc.getElementsByTagNameNS(W, "tr")
    ]
    tables = [s.getAttributeNS(W, "val") for s in doc.getElementsByTagNameNS(W, "tblStyle")]
    print(
        json.dumps(
            {
                "entries": book.namelist(),
                "paragraphs": paragraphs,
                "rows": rows,
                "table_styles": tables,
            }
        )
    )


main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "word/document.xml")
