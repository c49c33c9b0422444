#!/usr/bin/env python3
"""Writes SOPS-encrypted fixture files the way sops 3.x does, for tests that need real ciphertext.

No sops binary is packaged for Debian bookworm (and none can be fetched here), so this script
re-implements what sops does when it encrypts with age: a random 32-byte data key, every selected
value sealed with AES-256-GCM (32-byte IV, additional data = the key path joined with ':' plus a
trailing ':'), a SHA-512 MAC over the values (upper-case hex, sealed with the lastmodified time as
additional data), and the data key encrypted for each age recipient with the `age` CLI (Debian
package `age`). The output decrypts with any sops implementation given the matching age identity.

Usage: sops_encrypt.py FORMAT INPUT OUTPUT [--recipient AGE1...]... [--encrypted-regex RE]
                       [--mac-only-encrypted] [--lastmodified RFC3339]
FORMAT: yaml | json | dotenv | ini. YAML input may hold several documents (each gets the block).
Requires: python3 with `cryptography` and `pyyaml`, and `age` on PATH.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import subprocess
import sys

import yaml
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "3.10.2"
MAC_ONLY_INIT = bytes([0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47,
                       0xbe, 0x0b, 0x0b, 0x97, 0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81,
                       0x76, 0xf2, 0x7d, 0x69])


def seal(key, plaintext, aad, kind):
    iv = os.urandom(32)
    out = AESGCM(key).encrypt(iv, plaintext.encode(), aad.encode())
    data, tag = out[:-16], out[-16:]
    b64 = lambda b: base64.b64encode(b).decode()
    return f"ENC[AES256_GCM,data:{b64(data)},iv:{b64(iv)},tag:{b64(tag)},type:{kind}]"


def to_text(value):
    """(text sealed, type, bytes hashed into the MAC) as sops' cipher.go and ToBytes do."""
    if isinstance(value, bool):
        return ("true" if value else "false"), "bool", ("True" if value else "False")
    if isinstance(value, int):
        return str(value), "int", str(value)
    if isinstance(value, float):
        return repr(value), "float", repr(value)
    return str(value), "str", str(value)


class Encryptor:
    def __init__(self, regex, mac_only):
        self.key = os.urandom(32)
        self.regex = re.compile(regex) if regex else None
        self.mac_only = mac_only
        self.hash = hashlib.sha512()
        if mac_only:
            self.hash.update(MAC_ONLY_INIT)

    def should_encrypt(self, path):
        if self.regex is not None:
            return any(self.regex.search(k) for k in path)
        return not any(k.endswith("_unencrypted") for k in path)

    def leaf(self, value, path):
        if value is None:
            return None
        text, kind, mac_bytes = to_text(value)
        encrypt = self.should_encrypt(path)
        if not self.mac_only or encrypt:
            self.hash.update(mac_bytes.encode())
        if not encrypt or text == "":
            return value
        return seal(self.key, text, ":".join(path) + ":", kind)

    def walk(self, node, path):
        if isinstance(node, dict):
            return {k: self.walk(v, path + [str(k)]) for k, v in node.items()}
        if isinstance(node, list):
            return [self.walk(v, path) for v in node]
        return self.leaf(node, path)

    def metadata(self, recipients, lastmodified, regex):
        mac = seal(self.key, self.hash.hexdigest().upper(), lastmodified, "str")
        ages = []
        for r in recipients:
            enc = subprocess.run(["age", "-r", r, "-a"], input=self.key, capture_output=True, check=True).stdout
            ages.append({"recipient": r, "enc": enc.decode()})
        md = {"age": ages, "lastmodified": lastmodified, "mac": mac}
        if regex:
            md["encrypted_regex"] = regex
        else:
            md["unencrypted_suffix"] = "_unencrypted"
        if self.mac_only:
            md["mac_only_encrypted"] = True
        md["version"] = VERSION
        return md


def flatten(prefix, value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(prefix + "__map_" + k if prefix else k, v, out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            flatten(f"{prefix}__list_{i}", v, out)
    else:
        out[prefix] = ("true" if value else "false") if isinstance(value, bool) else str(value)


class Dumper(yaml.SafeDumper):
    pass


def _str(dumper, data):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


Dumper.add_representer(str, _str)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("format", choices=["yaml", "json", "dotenv", "ini"])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--recipient", action="append", required=True)
    ap.add_argument("--encrypted-regex")
    ap.add_argument("--mac-only-encrypted", action="store_true")
    ap.add_argument("--lastmodified", default="2025-06-01T10:00:00Z")
    a = ap.parse_args()
    enc = Encryptor(a.encrypted_regex, a.mac_only_encrypted)
    text = open(a.input, encoding="utf-8").read()
    if a.format in ("yaml", "json"):
        docs = list(yaml.safe_load_all(text)) if a.format == "yaml" else [json.loads(text)]
        docs = [enc.walk(d, []) for d in docs]
        md = enc.metadata(a.recipient, a.lastmodified, a.encrypted_regex)
        for d in docs:
            d["sops"] = md
        if a.format == "json":
            out = json.dumps(docs[0], indent=4) + "\n"
        else:
            out = "---\n".join(yaml.dump(d, Dumper=Dumper, sort_keys=False, indent=4, width=10000) for d in docs)
    elif a.format == "dotenv":
        lines = []
        for line in text.splitlines():
            if not line or line.startswith("#"):
                lines.append(line)
                continue
            k, v = line.split("=", 1)
            lines.append(f"{k}={enc.leaf(v, [k])}")
        flat = {}
        flatten("", enc.metadata(a.recipient, a.lastmodified, a.encrypted_regex), flat)
        for k in sorted(flat):
            lines.append(f"sops_{k}=" + flat[k].replace("\n", "\\n"))
        out = "\n".join(lines) + "\n"
    else:
        lines = []
        section = "DEFAULT"
        for line in text.splitlines():
            s = line.strip()
            if s.startswith("[") and s.endswith("]"):
                section = s[1:-1]
                lines.append(s)
            elif "=" in s:
                k, v = (p.strip() for p in s.split("=", 1))
                lines.append(f"{k} = {enc.leaf(v, [section, k])}")
            else:
                lines.append(line)
        flat = {}
        flatten("", enc.metadata(a.recipient, a.lastmodified, a.encrypted_regex), flat)
        lines.append("")
        lines.append("[sops]")
        for k in sorted(flat):
            lines.append(f"{k} = " + flat[k].replace("\n", "\\n"))
        out = "\n".join(lines) + "\n"
    with open(a.output, "w", encoding="utf-8") as f:
        f.write(out)


if __name__ == "__main__":
    sys.exit(main())
