# A thin driver over CMake. `make pdf` works as the very first command on a
# fresh Debian/Ubuntu machine: it installs missing packages through `make deps`.
BUILD   ?= build
ASAN    ?= build-asan
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
DIGLOT  := $(BUILD)/diglot
BOOKS   := $(patsubst content/%/book.ini,%,$(wildcard content/*/book.ini))

.PHONY: all pdf epub test deps build asan bench format lint clean

all: build
	$(DIGLOT) batch content --out out -j $(JOBS)

pdf: build
	$(DIGLOT) batch content --out out -j $(JOBS) --pdf-only

epub: build
	$(DIGLOT) batch content --out out -j $(JOBS) --epub-only

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

# Configure; if pkg-config misses a library, install the packages first.
$(BUILD)/Makefile:
	@pkg-config --exists glib-2.0 pango pangocairo cairo harfbuzz libzip libqpdf libcmark-gfm cmocka \
	  && [ -f /usr/include/hyphen.h ] || $(MAKE) deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

deps:
	bash scripts/deps.sh

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# ASan + UBSan build; ASAN_LABELS picks the ctest labels (CI: unit|fuzz).
ASAN_LABELS ?= .
asan:
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DDG_SANITIZE=ON
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=0 ctest --output-on-failure -j $(JOBS) \
	  -L '$(ASAN_LABELS)' -LE slow

bench: build
	bash scripts/bench.sh $(DIGLOT)

format:
	clang-format -i src/*.c src/*.h tests/unit/*.c

lint:
	cppcheck --quiet --enable=warning,performance,portability --std=c11 src

clean:
	rm -rf $(BUILD) $(ASAN)
	find out -mindepth 1 ! -name .gitkeep -delete
