# Shared set-up for the bats suite: assertions, paths, and helpers to run
# sigwatch in the background and know when it is ready.
bats_load_library bats-support
bats_load_library bats-assert

: "${SIGWATCH:?run the suite through make check}"
