#!/usr/bin/env bats
load test_helper

@test "placeholder output" {
  run "$SIGWATCH" --version
  assert_success
}
