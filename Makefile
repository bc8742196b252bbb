# recordlint: `make serve` builds the wasm module and the page and serves them;
# `make test` runs every test (native, wasm in Node and Chromium, browser end to end).
# The Rust workspace is in crates/ (engine, CLI, wasm bindings, exercises) and xtask/ (tools and
# repository checks); the page's sources are in www/; `make build` assembles the complete static site in dist/site/
# and `make dist` packs it as dist/recordlint-site-<version>.zip.

WASM_BINDGEN_VERSION := $(shell grep -m1 '^wasm-bindgen = "=' Cargo.toml | sed 's/.*"=\(.*\)"/\1/')
WASM := $(or $(CARGO_TARGET_DIR),target)/wasm32-unknown-unknown/wasm-release/recordlint_wasm.wasm
VERSION := $(shell grep -m1 '^version = "' Cargo.toml | sed 's/.*"\(.*\)"/\1/')
SITE := dist/site
PKG := $(SITE)/pkg
SITE_ZIP := dist/recordlint-site-$(VERSION).zip
NPM := dist/npm
PORT ?= 8080
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build dist npm test test-native test-schemas test-npm test-wasm test-e2e bench-browser bench-workspace lint tools browser-tools clean

serve: build
	@echo "recordlint is served at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@python3 -m http.server $(PORT) --bind 127.0.0.1 --directory $(SITE)

## The site, complete in $(SITE): the page (www/), the wasm module and its bindings (pkg/), the
## code descriptions (data/), the bundled exercise packs and their index (exercises/) and the
## service worker's file list (sw-assets.js). (It also removes www/pkg, www/data, www/exercises and
## www/sw-assets.js, the output of builds before dist/.)
build: tools
	cargo build --target wasm32-unknown-unknown --profile wasm-release -p recordlint-wasm --lib
	@rm -rf $(SITE) www/pkg www/data www/exercises www/sw-assets.js
	@mkdir -p $(SITE) && cp -R www/. $(SITE)/ && touch $(SITE)/.nojekyll
	wasm-bindgen --target web --no-typescript --out-name recordlint --out-dir $(PKG) $(WASM)
	@cargo xtask site $(SITE)
	@echo "site: $(SITE)/"

## The site as one download: $(SITE_ZIP), its one folder recordlint/ ready to copy to a static host.
dist: build
	@cargo xtask zip-site $(SITE) $(SITE_ZIP)

## The npm package in $(NPM) (`cd $(NPM) && npm pack` packs it): the wasm module, its ES-module
## bindings with TypeScript declarations, the typed entry and result types (npm/), the code
## descriptions (data/) and package.json (name recordlint, the version of Cargo.toml).
npm: tools
	cargo build --target wasm32-unknown-unknown --profile wasm-release -p recordlint-wasm --lib
	@rm -rf $(NPM)
	wasm-bindgen --target web --out-name recordlint --out-dir $(NPM) $(WASM)
	@cargo xtask npm-package $(NPM)

test: dist browser-tools node_modules
	$(MAKE) lint test-native test-schemas test-wasm test-e2e test-npm

test-native:
	cargo test --workspace --lib --bins --tests
	cargo test --workspace --doc
	cargo run --quiet --bin recordlint -- exercises lint exercises

## The JSON Schemas in schemas/ against the CLI's output of every fixture and a batch of code answers.
test-schemas: node_modules
	cargo build --bin recordlint
	node --test tests/schemas/

## The packed npm tarball installed into an example page (dist/npm-example): its TypeScript checked
## with tsc --noEmit, the page validating a file in Chromium.
test-npm: npm browser-tools node_modules
	node tests/npm/example.mjs
	npx playwright test --config tests/npm/playwright.config.mjs

WASM_TEST := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	cargo test --target wasm32-unknown-unknown -p recordlint-wasm --test wasm

test-wasm:
	$(WASM_TEST)
	CHROMEDRIVER=$(CHROMEDRIVER) WASM_BINDGEN_USE_BROWSER=1 $(WASM_TEST)

test-e2e:
	npx playwright test --config tests/e2e/playwright.config.mjs

## The browser benchmark (by hand): a generated CSV of BENCH_MB megabytes validated in the page.
BENCH_MB ?= 200
bench-browser: build browser-tools node_modules
	cargo build --release --bin recordlint
	BENCH_MB=$(BENCH_MB) node benches/browser/bench.mjs

## The findings workspace with 100,000 findings in Chromium: time to show each view and the
## longest main-thread task (not part of `make test`).
bench-workspace: build browser-tools node_modules
	node benches/workspace.mjs

lint:
	@rustup component list --installed | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
	cargo fmt --check
	cargo clippy --workspace --all-targets -- -D warnings

## Installs what is missing: the wasm target and wasm-bindgen-cli of the pinned version.
tools:
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (takes a few minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi

## Debian's Chromium and ChromeDriver for the browser tests.
browser-tools:
	@[ -x $(CHROMIUM) ] && [ -x $(CHROMEDRIVER) ] || \
	  ( $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver )

node_modules: package.json package-lock.json
	npm ci
	@touch node_modules

clean:
	cargo clean
	rm -rf dist node_modules test-results
