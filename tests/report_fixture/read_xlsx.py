"""An XLSX reader independent of the program that wrote the file: Python's zipfile and
xml.dom.minidom. Prints the first sheet as JSON: its name, the raw sheet XML's formulas
(<f>) count, the frozen pane, the filter, the column widths, and every cell with its type,
its text (shared or inline strings resolved) or number, and its style (number format, bold,
wrapped)."""

import json
import re
import sys
import zipfile
from xml.dom import minidom


def text_of(node):
    return "".join(
        t.firstChild.data if t.firstChild is not None else ""
        for t in node.getElementsByTagName("t")
    )


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def main(path):
    book = zipfile.ZipFile(path)
    names = book.namelist()
    raw_sheet = book.read("xl/worksheets/sheet1.xml")
    sheet = minidom.parseString(raw_sheet)
    shared = []
    if "xl/sharedStrings.xml" in names:
        strings = minidom.parseString(book.read("xl/sharedStrings.xml"))
        shared = [text_of(si) for si in strings.getElementsByTagName("si")]
    styles = minidom.parseString(book.read("xl/styles.xml"))
    formats = {
        nf.getAttribute("numFmtId"): nf.getAttribute("formatCode")
        for nf in styles.getElementsByTagName("numFmt")
    }
    fonts = styles.getElementsByTagName("fonts")[0].getElementsByTagName("font")
    xfs = styles.getElementsByTagName("cellXfs")[0].getElementsByTagName("xf")

    def style(index):
        xf = xfs[int(index or "0")]
        font = fonts[int(xf.getAttribute("fontId") or "0")]
        alignment = xf.getElementsByTagName("alignment")
        number = xf.getAttribute("numFmtId") or "0"
        return {
            "num_format": formats.get(number, "builtin " + number),
            "bold": bool(font.getElementsByTagName("b")),
            "wrap": bool(alignment) and alignment[0].getAttribute("wrapText") == "1",
        }

    rows = []
    for row in sheet.getElementsByTagName("row"):
        cells = [None] * 12
        for c in row.getElementsByTagName("c"):
            kind = c.getAttribute("t")
            values = c.getElementsByTagName("v")
            value = values[0].firstChild.data if values else None
            cell = {"type": kind, "text": None, "number": None}
            if kind == "s":
                cell["text"] = shared[int(value)]
            elif kind == "inlineStr":
                cell["text"] = text_of(c)
            elif kind == "str":
                cell["text"] = value
            elif value is not None:
                cell["number"] = float(value)
            cell.update(style(c.getAttribute("s")))
            cells[column_index(c.getAttribute("r"))] = cell
        rows.append(cells)
    workbook = minidom.parseString(book.read("xl/workbook.xml"))
    panes = sheet.getElementsByTagName("pane")
    filters = sheet.getElementsByTagName("autoFilter")
    print(
        json.dumps(
            {
                "sheet": workbook.getElementsByTagName("sheet")[0].getAttribute("name"),
                "formulas": raw_sheet.count(b"<f>") + raw_sheet.count(b"<f "),
                "frozen": panes[0].getAttribute("topLeftCell") if panes else None,
                "filter": filters[0].getAttribute("ref") if filters else None,
                "widths": [float(c.getAttribute("width")) for c in sheet.getElementsByTagName("col")],
                "rows": rows,
            }
        )
    )


main(sys.argv[1])
