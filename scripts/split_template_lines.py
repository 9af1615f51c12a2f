"""Split template lines over 160 characters where a newline cannot change the rendered page.

djLint (`make fmt`) puts block tags on lines of their own but leaves inline runs on one line. This
script breaks what remains, in passes that each keep the output and the gettext msgids the same:

1. at the edges of block-level tags (HTML collapses whitespace there);
2. a long one-line {% blocktranslate %} becomes `trimmed` over several lines (trimmed joins the
   lines with one space, so the msgid stays the same; checked with makemessages before/after);
3. a long {% translate "…" %} without quotes, % or markup becomes {% blocktranslate trimmed %};
4. at spaces that are already in the text between tags (a space and a newline render alike).

Nothing inside a tag, a template tag, an untrimmed {% blocktranslate %}, <pre>, <textarea>,
<script> or <style> is touched. Run djLint afterwards to indent:

    .venv/bin/python scripts/split_template_lines.py $(grep -rlE --include=*.html '.{161,}' logbuch)
    .venv/bin/djlint --reformat logbuch; .venv/bin/djlint --reformat logbuch

and repeat once (djLint wraps long start tags, which opens new places to split).
"""

# ruff: noqa: E501, PLR0912

from __future__ import annotations

import itertools
import re
import sys
import textwrap
from pathlib import Path

LIMIT = 160
BLOCK = {
    "address article aside blockquote caption colgroup dd details div dl dt fieldset figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p section summary table tbody td tfoot th thead tr ul legend"
}
BLOCK = set(" ".join(BLOCK).split())
STRUCT = re.compile(
    r"{%-?\s*(if|elif|else|endif|for|empty|endfor|with|endwith|block|endblock|partialdef|endpartialdef|partial|include|"
    r"load|csrf_token|translate\s+\"[^\"]*\"\s+as\s+\w+|trans\s+\"[^\"]*\"\s+as\s+\w+)\b"
)
RAW = re.compile(r"<(pre|textarea|script|style)\b", re.I)


def tokens(line: str) -> list[str]:
    out: list[str] = []
    i, n = 0, len(line)
    buf = ""
    while i < n:
        c = line[i]
        if line.startswith("{%", i) or line.startswith("{{", i) or line.startswith("{#", i):
            end = line.find({"{%": "%}", "{{": "}}", "{#": "#}"}[line[i : i + 2]], i + 2)
            if end < 0:
                raise ValueError("unclosed template tag")
            if buf:
                out.append(buf)
                buf = ""
            tok_end = end + 2
            if re.match(r"{%-?\s*blocktrans", line[i:]):
                m = re.compile(r"{%-?\s*endblocktrans(?:late)?\s*-?%}").search(line, tok_end)
                if not m:
                    raise ValueError("blocktranslate not closed on this line")
                tok_end = m.end()
            out.append(line[i:tok_end])
            i = tok_end
        elif c == "<" and i + 1 < n and (line[i + 1].isalpha() or line[i + 1] in "/!"):
            j = i + 1
            quote = ""
            while j < n:
                if line.startswith("{%", j) or line.startswith("{{", j):
                    j = line.find("%}" if line[j + 1] == "%" else "}}", j + 2) + 2
                    if j < 2:
                        raise ValueError("unclosed template tag in tag")
                    continue
                ch = line[j]
                if quote:
                    if ch == quote:
                        quote = ""
                elif ch in "\"'":
                    quote = ch
                elif ch == ">":
                    break
                j += 1
            if j >= n:
                raise ValueError("tag not closed on this line")
            if buf:
                out.append(buf)
                buf = ""
            out.append(line[i : j + 1])
            i = j + 1
        else:
            buf += c
            i += 1
    if buf:
        out.append(buf)
    return out


def unclosed_tag(line: str) -> bool:
    try:
        tokens(line.strip())
    except ValueError as e:
        return "tag not closed" in str(e)
    return False


def is_block_tag(tok: str) -> bool:
    m = re.match(r"</?([a-zA-Z0-9]+)", tok)
    return bool(m) and m.group(1).lower() in BLOCK


def is_struct(tok: str) -> bool:
    return bool(STRUCT.match(tok))


def tagish(tok: str) -> bool:
    return tok.startswith("<") or is_struct(tok)


def breaks(toks: list[str], level: int) -> list[bool]:
    res = [False]
    for prev, tok in itertools.pairwise(toks):
        ok = False
        if prev.strip() and tok.strip() and (is_block_tag(prev) or is_block_tag(tok)):
            if tagish(prev) and tagish(tok):
                ok = True
            elif level >= 2 and (
                (is_block_tag(prev) and not prev.startswith("</"))
                or (is_block_tag(tok) and tok.startswith("</"))
            ):
                ok = (
                    True  # text right inside a block's start or end: HTML collapses that whitespace
                )
        res.append(ok)
    return res


def join(toks: list[str], flags: list[bool], indent: str) -> list[str]:
    lines: list[str] = []
    cur = ""
    for tok, br in zip(toks, flags, strict=True):
        if br and cur:
            lines.append(cur)
            cur = ""
        cur += tok
    lines.append(cur)
    return [indent + x for x in lines]


def split_line(line: str) -> str:
    if len(line) <= LIMIT or RAW.search(line):
        return line
    indent = line[: len(line) - len(line.lstrip())]
    try:
        toks = tokens(line.strip())
    except ValueError:
        return line
    out = []
    # level 1 between tags, then level 2 (text inside a block's edges) only for pieces still too long
    flags = breaks(toks, 1)
    groups: list[list[str]] = []
    for tok, br in zip(toks, flags, strict=True):
        if br or not groups:
            groups.append([])
        groups[-1].append(tok)
    for g in groups:
        piece = indent + "".join(g)
        if len(piece) > LIMIT:
            out.extend(join(g, breaks(g, 2), indent))
        else:
            out.append(piece)
    return "\n".join(out)


BT = re.compile(
    r"{%-?\s*blocktranslate\b(?P<args>(?:(?!%}).)*?)\s*-?%}(?P<body>(?:(?!{%-?\s*endblocktranslate).)*?){%-?\s*endblocktranslate\s*-?%}"
)
VAR = re.compile(r"{{.*?}}|{%.*?%}")


def wrap(text: str, ind: str) -> list[str] | None:
    if text != text.strip() or "  " in text or "\n" in text or not text:
        return None
    keep: list[str] = []

    def sub(m):
        keep.append(m.group(0))
        return f"\x00{len(keep) - 1}\x00"

    prot = VAR.sub(sub, text)
    lines = textwrap.wrap(prot, width=100, break_long_words=False, break_on_hyphens=False)
    if " ".join(lines) != prot:
        return None
    return [ind + re.sub(r"\x00(\d+)\x00", lambda m: keep[int(m.group(1))], part) for part in lines]


def wrap_blocktranslate(line: str) -> str:
    if len(line) <= 160:
        return line
    ind = line[: len(line) - len(line.lstrip())]

    def rep(m):
        args = m["args"]
        if "trimmed" in args.split():
            return m.group(0)
        body = m["body"]
        parts = re.split(r"{%-?\s*plural\s*-?%}", body)
        if len(parts) > 2:
            return m.group(0)
        wrapped = [wrap(p, ind + "  ") for p in parts]
        if any(w is None for w in wrapped):
            return m.group(0)
        out = "{% blocktranslate" + args + " trimmed %}\n" + "\n".join(wrapped[0])
        if len(parts) == 2:
            out += "\n" + ind + "{% plural %}\n" + "\n".join(wrapped[1])
        return out + "\n" + ind + "{% endblocktranslate %}"

    return BT.sub(rep, line)


TRANSLATE = re.compile(
    r'^(?P<ind> *)(?P<pre>.*?){% translate "(?P<s>[^"%{}&<>\'\\]+)" %}(?P<post>.*)$'
)


def wrap_translate(line: str) -> str:
    m = TRANSLATE.match(line)
    if len(line) <= LIMIT or not m or "{% translate" in m["pre"] or "{% translate" in m["post"]:
        return line
    if m["s"] != m["s"].strip() or "  " in m["s"]:
        return line
    ind = m["ind"]
    body = textwrap.wrap(m["s"], width=110, break_long_words=False, break_on_hyphens=False)
    new = [ind + m["pre"] + "{% blocktranslate trimmed %}"]
    new += [ind + "  " + b for b in body]
    new += [ind + "{% endblocktranslate %}" + m["post"]]
    return "\n".join(new)


def break_at_spaces(line: str) -> str:
    if len(line) <= LIMIT or RAW.search(line):
        return line
    ind = line[: len(line) - len(line.lstrip())]
    try:
        toks = tokens(line.strip())
    except ValueError:
        return line
    # pieces: split text tokens at spaces into (text, breakable-space) units
    units: list[tuple[str, bool]] = []  # (chunk, may break before this chunk)
    for t in toks:
        if t.startswith(("<", "{%", "{{", "{#")):
            units.append((t, False))
        else:
            parts = re.split(r"( +)", t)
            brk = False
            for part in parts:
                if not part:
                    continue
                if part.startswith(" "):
                    brk = True
                    continue
                units.append((part, brk))
                brk = False
            if brk:
                units.append(("", True))
    lines: list[str] = []
    cur = ""
    for chunk, brk in units:
        if brk:
            if cur and len(ind) + len(cur) + 1 + len(chunk) > LIMIT - 2:
                lines.append(cur)
                cur = chunk
                continue
            cur += " " + chunk
        else:
            cur += chunk
    lines.append(cur)
    return "\n".join(ind + part for part in lines if part != "") if len(lines) > 1 else line


RAW_OPEN = re.compile(
    r"<(pre|textarea|script|style)\b|{%-?\s*blocktrans(?:late)?\b(?![^%]*trimmed)"
)
RAW_CLOSE = re.compile(r"</(pre|textarea|script|style)>|{%-?\s*endblocktrans(?:late)?\b")


def process(text: str) -> str:
    src = text.split("\n")
    merged: list[str] = []
    k = 0
    while k < len(src):  # join a start tag djLint wrapped over lines, so it can be split elsewhere
        line = src[k]
        k += 1
        if len(line) > LIMIT:
            while k < len(src) and not RAW.search(line) and unclosed_tag(line):
                line = line.rstrip() + " " + src[k].lstrip()
                k += 1
        merged.append(line)
    out: list[str] = []
    depth = 0
    for line in merged:
        new = line
        if not depth:
            new = split_line(new)
            new = "\n".join(wrap_blocktranslate(x) for x in new.split("\n"))
            new = "\n".join(wrap_translate(x) for x in new.split("\n"))
            new = "\n".join(break_at_spaces(x) for x in new.split("\n"))
        out.append(new)
        depth = max(depth + len(RAW_OPEN.findall(line)) - len(RAW_CLOSE.findall(line)), 0)
    return "\n".join(out)


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = process(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print("split", name)


if __name__ == "__main__":
    main(sys.argv[1:])
