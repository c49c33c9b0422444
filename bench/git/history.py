#!/usr/bin/env python3
"""Writes a `git fast-import` stream: N commits over a Flux-like tree, each changing one to three
files; every 250th commit plants a plaintext Secret, half of which a later commit encrypts."""
import argparse
import random

SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: app-{n}
  namespace: apps
stringData:
  password: not-a-real-password-{n}
"""
ENCRYPTED = """apiVersion: v1
kind: Secret
metadata:
  name: app-{n}
  namespace: apps
stringData:
  password: ENC[AES256_GCM,data:bm90IHJlYWw=,iv:aXY=,tag:dGFn,type:str]
sops:
  mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]
  version: 3.9.0
  lastmodified: "2024-01-01T00:00:00Z"
  age:
    - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
"""
DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{app}
  namespace: apps
spec:
  replicas: {replicas}
  template:
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/app-{app}:1.{version}.0
          env:
            - name: LOG_LEVEL
              value: info
"""


def blob(out, text):
    data = text.encode()
    out.append(b"data %d\n" % len(data) + data + b"\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--commits", type=int, default=5000)
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    rnd = random.Random(a.seed)
    import sys
    w = sys.stdout.buffer
    planted = []
    for n in range(1, a.commits + 1):
        ops = []
        for _ in range(rnd.randint(1, 3)):
            app = rnd.randint(1, 400)
            ops.append(("apps/app-%d/deployment.yaml" % app,
                        DEPLOY.format(app=app, replicas=rnd.randint(1, 5), version=n)))
        if n % 250 == 0:
            ops.append(("apps/secrets/app-%d.yaml" % n, SECRET.format(n=n)))
            planted.append(n)
        if n % 500 == 0 and planted:
            k = planted.pop(0)
            ops.append(("apps/secrets/app-%d.yaml" % k, ENCRYPTED.format(n=k)))
        when = 1700000000 + n * 600
        msg = b"commit %d\n" % n
        parts = [b"commit refs/heads/main\n",
                 b"committer Bench <bench@example.com> %d +0000\n" % when,
                 b"data %d\n" % len(msg), msg]
        for path, text in ops:
            parts.append(b"M 100644 inline %s\n" % path.encode())
            blob(parts, text)
        parts.append(b"\n")
        w.write(b"".join(parts))


if __name__ == "__main__":
    main()
