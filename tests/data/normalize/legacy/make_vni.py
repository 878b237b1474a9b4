#!/usr/bin/env python3
"""Encodes Unicode Vietnamese as VNI-Windows text seen through WinAnsi.

Usage: make_vni.py < vni-sample.truth.txt > vni-sample.vni.txt
Written from the VNI-Windows table (base letter + modifier byte), separately
from pipeline/normalize/legacy_encoding.cc, so the test compares two
independent implementations.
"""
import sys
import unicodedata

TONES = {'\u0300': 1, '\u0301': 2, '\u0309': 3, '\u0303': 4, '\u0323': 5}
PLAIN = {1: '\u00f8', 2: '\u00f9', 3: '\u00fb', 4: '\u00f5', 5: '\u00ef'}
CIRC = {0: '\u00e2', 1: '\u00e0', 2: '\u00e1', 3: '\u00e5', 4: '\u00e3', 5: '\u00e4'}
BREVE = {0: '\u00ea', 1: '\u00e8', 2: '\u00e9', 3: '\u00fa', 4: '\u00fc', 5: '\u00eb'}
I_TONED = {1: '\u00ec', 2: '\u00ed', 3: '\u00e6', 4: '\u00f3', 5: '\u00f2'}


def encode_char(ch):
    if ch == 'đ':
        return '\u00f1'
    if ch == 'Đ':
        return '\u00d1'
    d = unicodedata.normalize('NFD', ch)
    base, marks = d[0], d[1:]
    if base.lower() not in 'aeiouy' or not marks:
        return ch
    upper = base.isupper()
    tone = next((TONES[m] for m in marks if m in TONES), 0)
    shape = None
    if '\u0302' in marks:
        shape = 'circ'
    elif '\u0306' in marks:
        shape = 'breve'
    elif '\u031b' in marks:
        shape = 'horn'

    def cased(s):
        return s.upper() if upper else s

    if base.lower() == 'i' and shape is None:
        return cased(I_TONED[tone])
    if base.lower() == 'y' and tone == 5 and shape is None:
        return cased('\u00ee')
    if shape == 'horn':
        head = cased('\u00f4' if base.lower() == 'o' else '\u00f6')
        return head + (cased(PLAIN[tone]) if tone else '')
    if shape == 'circ':
        return base + cased(CIRC[tone])
    if shape == 'breve':
        return base + cased(BREVE[tone])
    return base + cased(PLAIN[tone])


text = unicodedata.normalize('NFC', sys.stdin.read())
sys.stdout.write(''.join(encode_char(c) for c in text))
