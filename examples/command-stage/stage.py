#!/usr/bin/env python3
"""A lede `command` stage in plain Python (standard library only).

It tags casualty claims ("21 ISIS fighters were killed", "killed 30
militants") and keywords, speaking lede protocol 1 (see
crates/lede-command/PROTOCOL.md): one JSON object per line on stdin and
stdout, logs on stderr only.

Options (the `options` table of the [[stage]], sent in the handshake):
  keywords  list of words or phrases to tag as label "keyword"
  crash_on  the program exits when a document contains this (to try restarts)
  sleep_on  the program hangs when a document contains this (to try timeouts)
  fail_on   the program reports an error for a document containing this
"""

import json
import re
import sys
import time

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "dozens": 24, "scores": 40, "hundreds": 200,
}
COUNT = r"(?P<count>\d[\d,]*|" + "|".join(NUMBER_WORDS) + r")"
GROUP = r"(?:(?P<group>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})\s+)?"
NOUN = r"(?P<noun>fighters|militants|jihadists|civilians|soldiers|troops|policemen|people|members|insurgents)"
VERB = r"(?P<verb>killed|wounded|injured|captured|executed|arrested)"
PASSIVE = re.compile(
    r"\b" + COUNT + r"\s+" + GROUP + NOUN + r"\s+(?:were|was|have been|had been|are|been)\s+" + VERB + r"\b"
)
ACTIVE = re.compile(
    r"\b" + VERB + r"\s+(?:at least\s+|some\s+|about\s+|nearly\s+)?" + COUNT + r"\s+" + GROUP + NOUN + r"\b"
)


def count_value(text):
    text = text.lower().replace(",", "")
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    try:
        return int(text)
    except ValueError:
        return None


def annotate(text, keywords):
    out = []
    for voice, rx in (("passive", PASSIVE), ("active", ACTIVE)):
        for m in rx.finditer(text):
            roles = {k: [m.start(k), m.end(k)] for k in ("count", "group", "noun", "verb") if m.group(k)}
            out.append({
                "start": m.start(), "end": m.end(), "label": "casualty_claim", "roles": roles,
                "data": {"count": count_value(m.group("count")), "outcome": m.group("verb"),
                         "voice": voice},
            })
    for rx, word in keywords:
        for m in rx.finditer(text):
            out.append({"start": m.start(), "end": m.end(), "label": "keyword", "data": {"keyword": word}})
    out.sort(key=lambda a: (a["start"], a["end"]))
    return out


def to_bytes(text, items):
    """Python indexes code points; convert when the handshake asked for bytes."""
    def b(i):
        return len(text[:i].encode("utf-8"))
    for a in items:
        a["start"], a["end"] = b(a["start"]), b(a["end"])
        for k, (s, e) in a.get("roles", {}).items():
            a["roles"][k] = [b(s), b(e)]
    return items


def send(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main():
    hello = json.loads(sys.stdin.readline() or "{}")
    if hello.get("lede_protocol") != 1:
        print("expected lede protocol 1, got %r" % hello.get("lede_protocol"), file=sys.stderr)
        return 2
    opts = hello.get("options") or {}
    keywords = [
        (re.compile(r"\b" + re.escape(k) + r"\b", re.IGNORECASE), k) for k in opts.get("keywords", [])
    ]
    bytes_mode = hello.get("offsets") == "bytes"
    send({"lede_protocol": 1, "name": "casualty-claims (python)"})
    for line in sys.stdin:
        req = json.loads(line)
        text = req["text"]
        if opts.get("crash_on") and opts["crash_on"] in text:
            raise SystemExit("crash_on marker found: exiting on purpose")
        if opts.get("sleep_on") and opts["sleep_on"] in text:
            time.sleep(3600)
        if opts.get("fail_on") and opts["fail_on"] in text:
            send({"n": req["n"], "error": "fail_on marker found"})
            continue
        items = annotate(text, keywords)
        if bytes_mode:
            items = to_bytes(text, items)
        send({"n": req["n"], "annotations": items})
    return 0


if __name__ == "__main__":
    sys.exit(main())
