#!/usr/bin/env python3
"""Writes a .resx from a plain text file of `key = text` lines (the .resx XML is verbose to write by hand).

    python3 tools/i18n/resx.py Chapter4/Lessons/RmsPropLesson.en.txt Chapter4/Lessons/RmsPropLesson.resx

Not used by the build: the .resx files are the source of truth; this only saves typing when adding many keys.
Also: `--show FILE.resx` prints a .resx as `key = text` lines, to read or diff.
"""
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def write(pairs, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for key, text in pairs:
            f.write(f'  <data name="{escape(key, {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(text)}</value></data>\n')
        f.write("</root>\n")


def read_txt(path):
    pairs = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, text = line.partition(" = ")
        pairs.append((key.strip(), text))
    return pairs


if __name__ == "__main__":
    if sys.argv[1] == "--show":
        for d in ET.parse(sys.argv[2]).getroot().findall("data"):
            print(f"{d.get('name')} = {d.findtext('value')}")
    else:
        write(read_txt(sys.argv[1]), sys.argv[2])
