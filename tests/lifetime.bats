#!/usr/bin/env bats
load test_helper

@test "placeholder lifetime" {
  run "$SIGWATCH" --version
  assert_success
}
