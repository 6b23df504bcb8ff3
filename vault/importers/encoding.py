"""Which character encoding a text is in, found as browsers and mail clients find it.

Contract: :func:`sniff` returns the Python codec to decode ``data`` with, or None when the
bytes are not text. The order is the one browsers follow (WHATWG "encoding sniffing"):

1. a byte order mark (UTF-8, UTF-16 or UTF-32);
2. the charset the file declares (a MIME ``charset``, an HTML ``<meta>`` found by
   :func:`html_declared`, an XML declaration), read with the WHATWG meaning of its label
   (``iso-8859-1`` is windows-1252, ``shift_jis`` is Windows' cp932…), when the bytes decode
   with it;
3. UTF-16 or UTF-32 without a mark, told by where the zero bytes fall; ISO-2022-JP by its
   escape sequences; UTF-8 when the bytes are valid UTF-8;
4. otherwise charset-normalizer's guess, from the first :data:`SAMPLE_BYTES`. For text in the
   Latin script it often cannot tell one Western code page from another (a French text
   comes back as Baltic cp775): there, as a browser with a Western default does, the text is
   windows-1252 unless the detector's language says Central European (windows-1250),
   Turkish (windows-1254) or Baltic (windows-1257).

:func:`decode` decodes with the sniffed codec (undecodable bytes further in than the sample
become U+FFFD rather than losing the file).
"""

from __future__ import annotations

import codecs
import re

#: Bytes the detector looks at: enough for a stable guess, bounded in time.
SAMPLE_BYTES = 256 * 1024

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))

#: WHATWG label meanings where Python's codec of the same name is narrower than what
#: browsers and mail clients decode (they use the Windows superset).
_WHATWG = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
           "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-9": "cp1254",
           "latin5": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
           "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
           "ms_kanji": "cp932", "windows-31j": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
           "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs",
           "x-mac-roman": "mac_roman", "macintosh": "mac_roman", "x-mac-cyrillic": "mac_cyrillic",
           "cp866": "cp866", "ibm866": "cp866", "unicode-1-1-utf-8": "utf-8", "utf8": "utf-8"}

#: charset-normalizer's Latin-script guesses that are no better than the Western default …
_LATIN = frozenset({"cp1252", "iso8859_1", "iso8859_15", "cp1250", "iso8859_2", "cp775", "cp850",
                    "cp852", "cp858", "cp437", "hp_roman8", "mac_roman", "mac_latin2", "mac_iceland",
                    "cp1257", "iso8859_4", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16",
                    "iso8859_3", "cp1258", "cp1254", "iso8859_9", "cp860", "cp861", "cp863", "cp865"})
#: … unless its language says which other code page the text was written in.
_BY_LANGUAGE = {"Polish": "cp1250", "Czech": "cp1250", "Slovak": "cp1250", "Hungarian": "cp1250",
                "Romanian": "cp1250", "Croatian": "cp1250", "Slovene": "cp1250",
                "Turkish": "cp1254", "Lithuanian": "cp1257", "Latvian": "cp1257",
                "Estonian": "cp1257"}

_META = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^<\?xml[^>]+encoding\s*=\s*[\"']([A-Za-z0-9_.\-]+)")
_ISO2022 = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b$(D", b"\x1b(B")


def codec_for(label: str | None) -> str | None:
    """The Python codec for a declared charset label, read as browsers do; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    name = _WHATWG.get(label, label)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def html_declared(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 1024 bytes (``<meta>``, XML declaration)."""
    head = data[:1024]
    match = _META.search(head) or _XML_DECL.search(head.lstrip())
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace")
    codec = codec_for(label)
    # A page that says it is UTF-16 but has no byte order mark is read as UTF-8 (WHATWG).
    if codec is not None and codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return codec


def _bom(data: bytes) -> str | None:
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec
    return None


def _wide(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte order mark, told by where the zero bytes fall."""
    size = len(sample) - len(sample) % 4
    if size < 8:
        return None
    zeros = [sample[i:size:4].count(0) / (size // 4) for i in range(4)]
    if zeros[1] > 0.9 and zeros[2] > 0.9 and zeros[3] > 0.9 and zeros[0] < 0.5:
        return "utf-32-le"
    if zeros[0] > 0.9 and zeros[1] > 0.9 and zeros[2] > 0.9 and zeros[3] < 0.5:
        return "utf-32-be"
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _fits(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def sniff(data: bytes, *, declared: str | None = None) -> str | None:
    """The codec ``data`` is written in (see the module docstring), or None for binary data."""
    found = _bom(data)
    if found is not None:
        return found
    sample = data[:SAMPLE_BYTES]
    codec = codec_for(declared)
    if codec == "cp1252" and declared is not None and "ascii" in declared.lower() \
            and _fits(sample, "utf-8"):
        return "utf-8"  # 8-bit text labelled ASCII is UTF-8 more often than not (mail clients' view)
    if codec is not None and b"\x00" not in sample and _fits(sample, codec):
        return codec
    if b"\x00" in sample:
        wide = _wide(sample)
        return wide if wide is not None and _fits(sample[:len(sample) - len(sample) % 4], wide) else None
    if max(sample, default=0) < 0x80:
        if b"\x1b" in sample and any(marker in sample for marker in _ISO2022):
            return "iso2022_jp"
        return "utf-8"
    if _fits(sample, "utf-8") or (_fits(sample[:-3], "utf-8") and len(data) > len(sample)):
        return "utf-8"
    return _guess(sample)


def _guess(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        return None
    encoding = codecs.lookup(best.encoding).name
    if encoding.replace("-", "_") in _LATIN:
        return _BY_LANGUAGE.get(best.language, "cp1252")
    # The detector's Ukrainian DOS page for Russian DOS text: IBM866 is the one in use (WHATWG).
    return "cp866" if encoding == "cp1125" else encoding


def decode(data: bytes, codec: str) -> str:
    """``data`` as text; a byte the codec cannot read becomes U+FFFD (a Western code page's
    five unassigned bytes are read as Latin-1 reads them)."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        if codec == "cp1252":
            return data.decode("latin-1")
        return data.decode(codec, errors="replace")
