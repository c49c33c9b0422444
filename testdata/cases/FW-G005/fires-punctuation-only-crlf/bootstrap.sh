#!/bin/sh
# fluxward:ignore FW-S004 --
set -eu
kubectl apply -f cluster.yaml
