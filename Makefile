# Two entry points for a fresh machine: `make run` and `make test`.
# Both install what is missing first (see scripts/install-tools.sh).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c

PORT ?= 8080
DATA ?= .data
GUMNUT_TOOLS ?= $(HOME)/.cache/gumnut-faces/tools

export GUMNUT_TOOLS
export PATH := $(GUMNUT_TOOLS)/bin:$(GUMNUT_TOOLS)/npm/bin:$(PATH)
export TRUNK_SKIP_VERSION_CHECK := true

.PHONY: run test tools browser ui server unit e2e size soak bench

## run: build everything and serve the demo library on 127.0.0.1:$(PORT)
run: tools ui server
	target/release/gumnut-server --data "$(DATA)" --listen "127.0.0.1:$(PORT)" --ui dist --demo

## test: every test (unit, server contract over HTTP, browser end to end)
test: tools browser ui
	cargo test --release --no-fail-fast --workspace --exclude gumnut-faces

tools:
	scripts/install-tools.sh

browser:
	scripts/install-tools.sh --browser

## ui: release build of the web app into dist/, then print its size
ui: tools
	trunk build --release
	scripts/bundle-size.sh dist

server:
	cargo build --release -p gumnut-server

unit:
	cargo test --release --no-fail-fast -p gumnut-types -p gumnut-ui-core -p gumnut-server

e2e: browser ui
	cargo test --release --no-fail-fast -p gumnut-e2e

## soak: the long consistency soak, randomized edits through the UI at a 20% failure rate
SOAK_EDITS ?= 300
soak: browser ui
	GUMNUT_SOAK_EDITS=$(SOAK_EDITS) cargo test --release -p gumnut-e2e --test soak -- --nocapture

## bench: request timings on a synthetic library of 10,000 people and 50,000 faces
bench:
	cargo bench -p gumnut-server --bench scale

## size: build the UI and print its wasm, js and css sizes
size: ui
