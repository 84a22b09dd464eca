# ecomdw — the two commands a new user runs are `make demo` and `make test`.
# Each runs the idempotent machine set-up first (Debian packages, pinned DuckDB).

BUILD   ?= build
JOBS    ?= $(shell nproc)
WERROR  ?= ON
ECOMDW  := $(BUILD)/ecomdw

.PHONY: all setup build test demo bench clean

all: build

setup:
	@scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) -DECOMDW_WERROR=$(WERROR) -DCMAKE_BUILD_TYPE=RelWithDebInfo > $(BUILD).cmake.log 2>&1 \
	  || { cat $(BUILD).cmake.log; exit 1; }
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j2 --timeout 900

demo: build
	@scripts/demo.sh $(ECOMDW)

bench: build
	@bench/run.sh $(ECOMDW)

clean:
	rm -rf $(BUILD) $(BUILD).cmake.log demo
